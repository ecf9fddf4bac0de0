using GatewayPersistence.DependencyInjection;
using GatewayPersistence.RequestLog;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayPersistence.Migrations.Commands;

/// <summary>
/// <c>dotnet run --project migrations/GatewayPersistence.Migrations -- requeue &lt;file&gt;...</c>: re-ingests dead-letter
/// files into the database named by <c>GATEWAY_MYSQL</c> once the cause of the refusal is fixed (idempotent; rows
/// refused again go to a new dead-letter file beside the input).
/// </summary>
internal static class DeadLetterRequeueCommand
{
    public const string Verb = "requeue";
    public const string Description = "re-ingest request-log dead-letter files once the cause is fixed (idempotent)";

    public static async Task<int> RunAsync(Func<string, string?> environment, IReadOnlyList<string> files)
    {
        var connectionString = environment(DesignTimeGatewayDbContextFactory.ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine($"Set {DesignTimeGatewayDbContextFactory.ConnectionStringVariable} to the connection string of the database to requeue into.");
            return 2;
        }

        if (files.Count == 0)
        {
            Console.Error.WriteLine("Usage: requeue <dead-letter file>...");
            return 2;
        }

        var exitCode = 0;
        foreach (var file in files)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddGatewayPersistence(options =>
            {
                options.ConnectionString = connectionString;
                options.RequestLog.JournalDirectory = "";
                options.RequestLog.DeadLetterDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
            });
            await using var provider = services.BuildServiceProvider();
            try
            {
                var result = await provider.GetRequiredService<IRequestLogDeadLetters>().RequeueAsync(file, CancellationToken.None);
                Console.WriteLine(
                    $"{file}: {result.Entries} entries; {result.Inserted} inserted, {result.AlreadyStored} already stored, " +
                    $"{result.RefusedAgain} refused again, {result.NotWritten} not written (database unavailable), " +
                    $"{result.Unreadable} unreadable lines; now {result.FinalPath}");
                if (!result.Complete)
                {
                    exitCode = 1;
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{file}: {error.Message}");
                exitCode = 1;
            }
        }

        return exitCode;
    }
}
