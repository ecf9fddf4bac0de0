using GatewayPersistence.Migrations.Commands;

// `dotnet run --project migrations/GatewayPersistence.Migrations [-- <verb>]`, on the database named by GATEWAY_MYSQL:
//   migrate (the default)      the adoption-aware migrator (adopts a TypeScript gateway's database, then migrates)
//   reencrypt-provider-keys    re-encrypts the TypeScript gateway's provider keys in the current AES-GCM format
// One verb per command class; the switch below is the whole command line.
var verb = args.Length == 0 ? MigrateCommand.Verb : args[0];
return verb switch
{
    MigrateCommand.Verb => await MigrateCommand.RunAsync(Environment.GetEnvironmentVariable, Console.Out, Console.Error),
    ReencryptProviderKeysCommand.Verb => await ReencryptProviderKeysCommand.RunAsync(Environment.GetEnvironmentVariable, Console.Out, Console.Error),
    "help" or "--help" or "-h" => Usage(Console.Out, 0),
    _ => Usage(Console.Error, 2),
};

static int Usage(TextWriter writer, int exitCode)
{
    writer.WriteLine("Usage: dotnet run --project migrations/GatewayPersistence.Migrations [-- <verb>]   (GATEWAY_MYSQL = connection string)");
    writer.WriteLine($"  {MigrateCommand.Verb,-24} {MigrateCommand.Description} (the default)");
    writer.WriteLine($"  {ReencryptProviderKeysCommand.Verb,-24} {ReencryptProviderKeysCommand.Description}");
    return exitCode;
}
