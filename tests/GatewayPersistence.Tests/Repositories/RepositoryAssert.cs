namespace GatewayPersistence.Tests.Repositories;

/// <summary>Assertions shared by the repository tests.</summary>
internal static class RepositoryAssert
{
    /// <summary>
    /// Neither the message nor the full text of <paramref name="exception"/> (inner exceptions and stack included)
    /// contains <paramref name="secret"/>.
    /// </summary>
    public static void DoesNotLeak(Exception exception, string secret)
    {
        Assert.That(exception.Message, Does.Not.Contain(secret));
        Assert.That(exception.ToString(), Does.Not.Contain(secret));
    }
}
