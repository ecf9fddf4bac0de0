using GatewayPersistence.Migrations.Commands;

namespace GatewayPersistence.Migrations;

/// <summary>
/// <c>dotnet run --project migrations/GatewayPersistence.Migrations [-- &lt;verb&gt;]</c>, on the database named by
/// <c>GATEWAY_MYSQL</c>: <c>migrate</c> (the default: the adoption-aware migrator), <c>reencrypt-provider-keys</c>, or <c>requeue &lt;file&gt;...</c>
/// (dead-letter files of the request log).
/// One verb per command class; the switch below is the whole command line. (An explicit class rather than top-level
/// statements: the test project sees this assembly's internals, and a second global <c>Program</c> beside the sample
/// host's would be ambiguous there.)
/// </summary>
internal static class CommandLine
{
    public static async Task<int> Main(string[] args)
    {
        var verb = args.Length == 0 ? MigrateCommand.Verb : args[0];
        return verb switch
        {
            MigrateCommand.Verb => await MigrateCommand.RunAsync(Environment.GetEnvironmentVariable, Console.Out, Console.Error),
            ReencryptProviderKeysCommand.Verb => await ReencryptProviderKeysCommand.RunAsync(Environment.GetEnvironmentVariable, Console.Out, Console.Error),
            DeadLetterRequeueCommand.Verb => await DeadLetterRequeueCommand.RunAsync(Environment.GetEnvironmentVariable, args[1..]),
            "help" or "--help" or "-h" => Usage(Console.Out, 0),
            _ => Usage(Console.Error, 2),
        };
    }

    private static int Usage(TextWriter writer, int exitCode)
    {
        writer.WriteLine("Usage: dotnet run --project migrations/GatewayPersistence.Migrations [-- <verb>]   (GATEWAY_MYSQL = connection string)");
        writer.WriteLine($"  {MigrateCommand.Verb,-24} {MigrateCommand.Description} (the default)");
        writer.WriteLine($"  {ReencryptProviderKeysCommand.Verb,-24} {ReencryptProviderKeysCommand.Description}");
        writer.WriteLine($"  {DeadLetterRequeueCommand.Verb + " <file>...",-24} {DeadLetterRequeueCommand.Description}");
        return exitCode;
    }
}
