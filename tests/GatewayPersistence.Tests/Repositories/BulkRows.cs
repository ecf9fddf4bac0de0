namespace GatewayPersistence.Tests.Repositories;

/// <summary>SQL that inserts many rows in one statement (test data only; fixed text, no input).</summary>
internal static class BulkRows
{
    /// <summary>A derived table <c>numbers(n)</c> with n = 0 .. <paramref name="count"/> - 1 (count up to 100,000).</summary>
    public static string Numbers(int count)
    {
        const string digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
            + "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
        return $"(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM {digits} a CROSS JOIN {digits} b "
            + $"CROSS JOIN {digits} c CROSS JOIN {digits} e CROSS JOIN {digits} f) AS numbers WHERE numbers.n < {count}";
    }
}
