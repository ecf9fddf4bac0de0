// Benchmarks of GatewayPersistence, each printing a table with the baseline beside ours, measured in the same run.
//   dotnet run -c Release -- ingest  --connection "<admin connection string>" [--rows N]
//   dotnet run -c Release -- queries --connection "<admin connection string>" [--rows N]
//   dotnet run -c Release -- enqueue [--rows N]   (the cost of one Enqueue alone; no server)
// scripts/bench.sh starts a tuned local server and passes the connection string.
using GatewayPersistence.Benchmarks;

var arguments = BenchmarkArguments.Parse(args);
return arguments.Suite switch
{
    "ingest" => await IngestBenchmark.RunAsync(arguments),
    "queries" => await QueryBenchmark.RunAsync(arguments),
    "enqueue" => EnqueueBenchmark.Run(arguments),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: GatewayPersistence.Benchmarks ingest|queries --connection <connection string> [--rows N]");
    return 2;
}
