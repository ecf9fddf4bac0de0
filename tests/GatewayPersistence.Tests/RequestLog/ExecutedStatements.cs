using System.Collections.Concurrent;
using System.Diagnostics;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>
/// The statements MySqlConnector executes against one database, in the order they finished, from its <c>Execute</c>
/// activities (filtered by their <c>db.name</c> tag: tests of other databases run in the same process at once).
/// </summary>
internal sealed class ExecutedStatements : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<string> statements = new();

    public ExecutedStatements(string database)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MySqlConnector",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "Execute" && activity.GetTagItem("db.name") as string == database)
                {
                    statements.Enqueue(activity.GetTagItem("db.statement") as string ?? "");
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public IReadOnlyList<string> All => [.. statements];

    public void Dispose() => listener.Dispose();
}
