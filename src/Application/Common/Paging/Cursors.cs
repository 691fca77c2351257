using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace FinInfra.Application.Common.Paging;

/// <summary>
/// Opaque keyset cursors: the sort key of the last item on a page, base64url-encoded. Clients pass them back
/// unchanged; anything that does not decode is refused with 400 by the query's validator.
/// </summary>
public static class Cursors
{
    private const string IdPrefix = "i1";
    private const string DateIdPrefix = "d1";

    public static string ForId(Guid id) => Encode($"{IdPrefix}|{id:N}");

    public static bool TryReadId(string cursor, out Guid id)
    {
        id = default;
        var parts = Decode(cursor);
        return parts is [IdPrefix, var text] && Guid.TryParseExact(text, "N", out id);
    }

    public static string ForDateAndId(DateOnly date, Guid id) =>
        Encode($"{DateIdPrefix}|{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{id:N}");

    public static bool TryReadDateAndId(string cursor, out DateOnly date, out Guid id)
    {
        date = default;
        id = default;
        var parts = Decode(cursor);
        return parts is [DateIdPrefix, var day, var text]
               && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
               && Guid.TryParseExact(text, "N", out id);
    }

    public static Guid? IdOrNull(string? cursor) => cursor is not null && TryReadId(cursor, out var id) ? id : null;

    private static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    private static string[]? Decode(string cursor)
    {
        if (cursor.Length is 0 or > 200 || !Base64Url.IsValid(cursor)) return null;
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|');
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
