namespace GatewayPersistence.Benchmarks;

/// <summary>Connection-seconds of one pipeline run, by part (see <see cref="StatementTimer"/>).</summary>
internal sealed record CostSplit(
    int Transactions, double TransactionSeconds, double ForeignKeySeconds, double LoadSeconds, double RollupSeconds, double OtherStatementSeconds)
{
    /// <summary>The transactions' time the classed statements do not cover: connection, BEGIN, COMMIT, client work.</summary>
    public double RestSeconds => Math.Max(0, TransactionSeconds - ForeignKeySeconds - LoadSeconds - RollupSeconds - OtherStatementSeconds);

    public double Share(double seconds) => TransactionSeconds > 0 ? seconds / TransactionSeconds : 0;
}
