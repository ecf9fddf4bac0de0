using System.Security.Cryptography;

namespace GatewayPersistence.Repositories;

/// <summary>Ids in the shape the legacy gateway generated: 21 characters of nanoid's URL-safe alphabet.</summary>
internal static class RepositoryIds
{
    /// <summary>Length of a generated id (nanoid's default: about 126 bits of randomness).</summary>
    public const int Length = 21;

    /// <summary>The URL-safe alphabet (64 symbols, so every symbol is equally likely).</summary>
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";

    /// <summary>A new random id from a cryptographic generator.</summary>
    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The id the caller chose, or a new one when none was given.</summary>
    /// <exception cref="ArgumentException">The given id is empty or white space.</exception>
    public static string GivenOrNew(string? id)
    {
        if (id is null)
        {
            return NewId();
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return id;
    }
}
