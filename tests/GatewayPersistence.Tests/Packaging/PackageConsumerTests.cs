using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GatewayPersistence.Tests.Host;

namespace GatewayPersistence.Tests.Packaging;

/// <summary>
/// The packages as a team adopting the library gets them: scripts/pack.sh makes both, and samples/PackageConsumer (a
/// host with package references only, restored from the folder feed through its own nuget.config) registers
/// AddGatewayPersistence, migrates an empty database on start, authenticates a key, logs a request and reads it back
/// through the statistics. Built once more without the migrations package, the same host must stop at start with a
/// message naming the package to add.
/// </summary>
[NonParallelizable]
public sealed class PackageConsumerTests
{
    private const string KeyValue = "vk_package_consumer_key_0001";

    private string work = null!;
    private string version = null!;

    [OneTimeSetUp]
    public async Task PackAsync()
    {
        work = Path.Combine(Path.GetTempPath(), $"gateway-package-consumer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        await ChildProcess.RunAsync("bash", [RepositoryRoot.Combine("scripts", "pack.sh")]);
        using var library = ZipFile.OpenRead(Package("GatewayPersistence", ".nupkg"));
        var nuspec = Nuspec(library);
        version = nuspec.Descendants().Single(e => e.Name.LocalName == "version").Value;
    }

    [OneTimeTearDown]
    public void RemoveWork()
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void Both_packages_carry_one_version_readme_docs_license_repository_and_symbols()
    {
        foreach (var id in new[] { "GatewayPersistence", "GatewayPersistence.Migrations" })
        {
            using var package = ZipFile.OpenRead(Package(id, ".nupkg"));
            using var symbols = ZipFile.OpenRead(Package(id, ".snupkg"));
            var nuspec = Nuspec(package);
            string? Element(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            var license = nuspec.Descendants().Single(e => e.Name.LocalName == "license");
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(Element("version"), Is.EqualTo(version), id);
                Assert.That(license.Attribute("type")?.Value, Is.EqualTo("expression"), id);
                Assert.That(license.Value, Is.EqualTo("MIT"), id);
                Assert.That(Element("readme"), Is.EqualTo("README.md"), id);
                Assert.That(entries, Does.Contain("README.md"), id);
                Assert.That(entries, Does.Contain($"lib/net10.0/{id}.dll"), id);
                Assert.That(entries, Does.Contain($"lib/net10.0/{id}.xml"), id + ": XML docs");
                Assert.That(nuspec.Descendants().Any(e => e.Name.LocalName == "repository" && e.Attribute("commit") is not null), Is.True,
                    id + ": SourceLink's repository commit");
                Assert.That(symbols.Entries.Select(e => e.FullName), Does.Contain($"lib/net10.0/{id}.pdb"), id + ": symbol package");
            });
        }

        using var migrations = ZipFile.OpenRead(Package("GatewayPersistence.Migrations", ".nupkg"));
        var dependency = Nuspec(migrations).Descendants().Single(e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == "GatewayPersistence");
        Assert.That(dependency.Attribute("version")?.Value, Is.EqualTo(version), "the migrations package depends on the library at its own version");
    }

    [Test]
    public async Task A_host_built_from_the_packages_migrates_on_start_authenticates_logs_and_reads_the_statistics()
    {
        var output = await BuildConsumerAsync("with-migrations", withMigrations: true);
        Assert.That(Path.Combine(output, "GatewayPersistence.Migrations.dll"), Does.Exist);
        await using var database = await TestDatabase.CreateEmptyAsync();
        var port = FreePort();
        await using var host = StartConsumer(output, database, port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitForHealthAsync(client, host);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM __EFMigrationsHistory"), Is.GreaterThanOrEqualTo(5), "migrated on start");
        var key = await HostTestData.AddKeyAsync(database, KeyValue);

        using var refused = await SendChatAsync(client, "vk_not_a_key");
        using var accepted = await SendChatAsync(client, KeyValue);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), host.Output);
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        using (var flush = await client.PostAsync("/flush", content: null))
        {
            Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var stats = JsonDocument.Parse(await client.GetStringAsync("/stats"));
        Assert.Multiple(async () =>
        {
            Assert.That(stats.RootElement.GetProperty("totalRequests").GetInt64(), Is.EqualTo(1));
            Assert.That(stats.RootElement.GetProperty("successfulRequests").GetInt64(), Is.EqualTo(1));
            Assert.That(stats.RootElement.GetProperty("totalTokensExcludingCacheHits").GetInt64(), Is.EqualTo(7));
            Assert.That(await database.ScalarAsync<string>($"SELECT virtual_key_id FROM api_requests WHERE id = '{id}'"), Is.EqualTo(key.Id));
        });
    }

    [Test]
    public async Task A_host_built_without_the_migrations_package_stops_at_start_naming_the_package()
    {
        var output = await BuildConsumerAsync("without-migrations", withMigrations: false);
        Assert.That(Path.Combine(output, "GatewayPersistence.Migrations.dll"), Does.Not.Exist);
        await using var database = await TestDatabase.CreateEmptyAsync();

        await using var host = StartConsumer(output, database, FreePort());
        await host.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.Multiple(async () =>
        {
            Assert.That(host.ExitCode, Is.Not.Zero);
            Assert.That(host.Output, Does.Contain("Add the NuGet package 'GatewayPersistence.Migrations'"));
            Assert.That(host.Output, Does.Contain($"dotnet add package GatewayPersistence.Migrations --version {version}"));
            Assert.That(host.Output, Does.Contain("GatewaySchemaException"));
            Assert.That(await database.ScalarAsync<long>(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"), Is.Zero, "nothing was created");
        });
    }

    /// <summary>Restores and builds samples/PackageConsumer against the packed version, outside its folder's obj/bin.</summary>
    private async Task<string> BuildConsumerAsync(string variant, bool withMigrations)
    {
        var project = RepositoryRoot.Combine("samples", "PackageConsumer", "PackageConsumer.csproj");
        var intermediate = Path.Combine(work, "obj-" + variant) + Path.DirectorySeparatorChar;
        var output = Path.Combine(work, "bin-" + variant);
        var packages = Path.Combine(work, "packages");
        string[] properties =
        [
            $"-p:GatewayPersistenceVersion={version}",
            $"-p:WithoutMigrations={(!withMigrations).ToString().ToLowerInvariant()}",
            $"-p:BaseIntermediateOutputPath={intermediate}",
        ];
        // A packages folder of this run: the two packages are always the ones just packed, never a cached copy of
        // the same version; everything else comes from the machine's packages folder.
        var fallback = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await ChildProcess.RunAsync("dotnet",
            ["restore", project, "--packages", packages, $"-p:RestoreFallbackFolders={fallback}", .. properties]);
        await ChildProcess.RunAsync("dotnet", ["build", project, "-c", "Release", "--no-restore", "-nologo", "-o", output, .. properties]);
        return output;
    }

    private static ChildProcess StartConsumer(string output, TestDatabase database, int port)
        => ChildProcess.Start("dotnet", [Path.Combine(output, "PackageConsumer.dll"), "--urls", $"http://127.0.0.1:{port}"], output,
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Gateway"] = database.ConnectionString,
                ["GatewayPersistence__MigrateOnStartup"] = "true",
                ["GatewayPersistence__ServerVersion"] = TestDatabaseServer.ServerVersion.ToString(),
                ["GatewayPersistence__RequestLog__JournalDirectory"] = Path.Combine(output, "journal"),
                ["GatewayPersistence__RequestLog__DeadLetterDirectory"] = Path.Combine(output, "dead-letter"),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            });

    private static async Task WaitForHealthAsync(HttpClient client, ChildProcess host)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (host.HasExited)
            {
                Assert.Fail($"The consumer exited with {host.ExitCode} during start-up:{Environment.NewLine}{ChildProcess.Tail(host.Output)}");
            }

            try
            {
                using var health = await client.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        Assert.Fail($"The consumer never answered /health:{Environment.NewLine}{ChildProcess.Tail(host.Output)}");
    }

    private static Task<HttpResponseMessage> SendChatAsync(HttpClient client, string keyValue)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = HostTestData.Json(HostTestData.ValidChat) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keyValue);
        return client.SendAsync(request);
    }

    /// <summary>The one package of <paramref name="id"/> scripts/pack.sh wrote (the feed holds the last pack only).</summary>
    private static string Package(string id, string extension)
    {
        var folder = RepositoryRoot.Combine("artifacts", "packages");
        var pattern = new Regex($@"^{Regex.Escape(id)}\.\d[^/]*{Regex.Escape(extension)}$");
        var matches = Directory.GetFiles(folder).Where(path => pattern.IsMatch(Path.GetFileName(path))).ToList();
        Assert.That(matches, Has.Count.EqualTo(1), $"one {id}{extension} in {folder}");
        return matches[0];
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
