using System.Text;

namespace GatewayPersistence.Repositories;

/// <summary>A user to create. Its <see cref="ToString"/> leaves out the password hash.</summary>
public sealed record NewUser
{
    /// <summary>Unique login name (up to 255 characters).</summary>
    public required string Username { get; init; }

    /// <summary>Password hash computed by the gateway. Secret: never logged.</summary>
    public required string PasswordHash { get; init; }

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Username = ").Append(Username);
        return true;
    }
}
