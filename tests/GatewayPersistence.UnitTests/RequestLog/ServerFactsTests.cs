using GatewayPersistence.RequestLog;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>Which servers keep their own foreign-key check on the request-log rows.</summary>
public sealed class ServerFactsTests
{
    [TestCase(false, false, false)]
    [TestCase(true, false, true)]
    [TestCase(false, true, true)]
    [TestCase(true, true, true)]
    public void Only_a_certifying_cluster_member_needs_the_servers_check_of_proven_references(bool galera, bool groupReplication, bool needed)
    {
        var facts = new ServerFacts(MaxAllowedPacket: 64 * 1024 * 1024, TotalTokensIsPlain: false, IsGaleraNode: galera, IsGroupReplicationMember: groupReplication);

        Assert.That(facts.ReferencesNeedServerCheck, Is.EqualTo(needed));
    }
}
