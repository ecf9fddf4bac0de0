using System.Net;
using System.Text;
using GatewayPersistence.Repositories;
using GatewayPersistence.Tests.Host;
using GatewayPersistence.Text;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayPersistence.Tests.Security;

/// <summary>
/// Fast counterpart of scripts/faults.sh scenario 5: hostile strings through the HTTP API and the repositories never
/// cause a 5xx or a raw provider error, and what is stored is valid UTF-8, never cut mid-character.
/// </summary>
public class HostileInputTests
{
    private static readonly string[] LeakMarkers = ["MySqlConnector", "MySqlException", "SQL syntax", "Data too long", "   at "];

    [Test]
    public async Task Hostile_chat_requests_get_no_5xx_and_are_stored_as_valid_utf8()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        const string keyValue = "vk_hostile_input_key";
        await HostTestData.AddKeyAsync(database, keyValue);
        await using var factory = new GatewayHostFactory(database.ConnectionString);
        using var client = factory.CreateClient(keyValue);

        var statuses = new Dictionary<HttpStatusCode, int>();
        var index = 0;
        foreach (var text in HostileStringGenerator.Generate(300))
        {
            var model = index % 7 == 0 ? text : "hostile-model";
            // Every non-ASCII character as a \uXXXX escape, lone surrogates included, as a hostile client can send them.
            var json = $$"""{"model":{{JsonString(model)}},"messages":[{"role":"user","content":{{JsonString(text)}}}],"user":{{JsonString(text)}}}""";
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
            var userAgent = Uri.EscapeDataString(HostileStringGenerator.AsStored(text));
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent[..Math.Min(1_000, userAgent.Length)]);
            using var response = await client.SendAsync(request);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            var body = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.LessThan(500), body);
            Assert.That(LeakMarkers.Where(body.Contains), Is.Empty, body);
            index++;
        }

        using (var admin = await factory.CreateAdminClientAsync())
        {
            (await admin.PostAsync("/admin/flush", null)).Dispose();
        }
        Assert.That(statuses.GetValueOrDefault(HttpStatusCode.OK), Is.GreaterThan(0), "some hostile requests are valid and answered");

        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand(
            "SELECT CAST(request_body AS BINARY), CAST(response_body AS BINARY), CAST(error_message AS BINARY), CAST(model AS BINARY), CAST(user_agent AS BINARY) FROM api_requests",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var column = 0; column < reader.FieldCount; column++)
            {
                if (reader.IsDBNull(column))
                {
                    continue;
                }

                var bytes = (byte[])reader.GetValue(column);
                Assert.DoesNotThrow(() => strict.GetString(bytes), $"row {rows}, column {reader.GetName(column)} is valid UTF-8");
                if (column < 3)
                {
                    Assert.That(bytes, Has.Length.LessThanOrEqualTo(5_000), "bodies and error are cut to the default byte limit");
                }
            }
        }

        Assert.That(rows, Is.GreaterThanOrEqualTo(statuses.GetValueOrDefault(HttpStatusCode.OK)), "every answered request was logged");
    }

    private static string JsonString(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return builder.Append('"').ToString();
    }

    [Test]
    public async Task Hostile_strings_through_repositories_round_trip_or_fail_typed()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var factory = new GatewayHostFactory(database.ConnectionString);
        var users = factory.Services.GetRequiredService<IUserRepository>();
        var providers = factory.Services.GetRequiredService<IProviderRepository>();
        var config = factory.Services.GetRequiredService<ISystemConfigRepository>();

        var index = 0;
        foreach (var text in HostileStringGenerator.Generate(150, seed: 7))
        {
            var stored = HostileStringGenerator.AsStored(text);
            try
            {
                var user = await users.CreateAsync(new NewUser { Username = $"{index}:{text}", PasswordHash = text });
                var read = await users.GetByIdAsync(user.Id);
                Assert.That(read!.Username, Is.EqualTo($"{index}:{stored}"));
                Assert.That(read.PasswordHash, Is.EqualTo(stored));
            }
            catch (FieldValidationException error)
            {
                // Only a bound can refuse a value, and it names the field.
                Assert.That(error.Field, Is.EqualTo("username"));
                Assert.That(Utf8Text.CharacterCount($"{index}:{text}"), Is.GreaterThan(255));
            }

            var provider = await providers.CreateAsync(new NewProvider { Name = index.ToString(System.Globalization.CultureInfo.InvariantCulture), BaseUrl = text, ApiKey = text, Description = text });
            var readProvider = await providers.GetByIdAsync(provider.Id);
            Assert.That(readProvider!.BaseUrl, Is.EqualTo(stored));
            Assert.That(readProvider.Description, Is.EqualTo(stored));

            await config.SetAsync($"hostile.{index}", text, text);
            Assert.That(await config.GetValueAsync($"hostile.{index}"), Is.EqualTo(stored));
            index++;
        }
    }
}
