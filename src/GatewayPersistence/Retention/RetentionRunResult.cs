namespace GatewayPersistence.Retention;

/// <summary>What one retention run did.</summary>
/// <param name="HeldLock">False when another instance held the lock and this run did nothing.</param>
/// <param name="RowFloor">The row floor after the run (epoch ms, whole hour); null without row retention.</param>
/// <param name="BodyFloor">The body floor after the run (epoch ms); null without body retention.</param>
/// <param name="RowsDeleted">Raw rows deleted.</param>
/// <param name="BodiesCleared">Rows whose bodies were cleared (rows already without bodies are not counted).</param>
/// <param name="RowsRemaining">Rows below the row floor still present (the time budget ran out first).</param>
/// <param name="Statements">DELETE and UPDATE statements run.</param>
/// <param name="Duration">Wall time of the run.</param>
internal sealed record RetentionRunResult(
    bool HeldLock, long? RowFloor, long? BodyFloor, long RowsDeleted, long BodiesCleared, long RowsRemaining, int Statements, TimeSpan Duration)
{
    public static RetentionRunResult Skipped(TimeSpan duration) => new(false, null, null, 0, 0, 0, 0, duration);
}
