namespace GatewayPersistence.Entities;

/// <summary>A gateway administrator account (table <c>users</c>).</summary>
public class User
{
    /// <summary>Application-generated id (opaque string, up to 255 characters).</summary>
    public string Id { get; set; } = "";

    /// <summary>Unique login name.</summary>
    public string Username { get; set; } = "";

    /// <summary>Password hash computed by the gateway (<c>saltHex:sha256(password+salt)</c>). Secret: never logged.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
