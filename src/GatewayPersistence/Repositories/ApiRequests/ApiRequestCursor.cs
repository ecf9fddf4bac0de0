using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace GatewayPersistence.Repositories;

/// <summary>
/// The position a cursor page starts after: the (created_at, id) of the last row of the previous page, encoded as an
/// opaque URL-safe string (<c>v1.{created_at}.{id}</c> in base64url). The log is ordered by (created_at, id), both
/// descending, which idx_api_requests_created_at and each (filter column, created_at) index hold in that order (InnoDB
/// appends the primary key), so a page is one index range read backwards from the cursor.
/// </summary>
internal readonly record struct ApiRequestCursor(long CreatedAt, string Id)
{
    private const string Version = "v1";

    public string Encode()
        => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Version}.{CreatedAt}.{Id}")));

    /// <summary>Decodes a cursor this class encoded.</summary>
    /// <exception cref="ArgumentException">The text is not such a cursor.</exception>
    public static ApiRequestCursor Decode(string cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        var parts = text.Split('.', 3);
        if (parts.Length != 3 || parts[0] != Version || parts[2].Length == 0
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var createdAt))
        {
            throw Invalid();
        }

        return new ApiRequestCursor(createdAt, parts[2]);
    }

    private static ArgumentException Invalid()
        => new("The cursor is not one this request log issued (pass a page's NextCursor unchanged).", nameof(ApiRequestQuery.Cursor));
}
