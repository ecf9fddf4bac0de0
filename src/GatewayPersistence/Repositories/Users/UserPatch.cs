namespace GatewayPersistence.Repositories;

/// <summary>Fields of a user to change; fields not given are left alone.</summary>
public sealed record UserPatch
{
    /// <summary>New login name.</summary>
    public Optional<string> Username { get; init; }

    /// <summary>New password hash.</summary>
    public Optional<string> PasswordHash { get; init; }
}
