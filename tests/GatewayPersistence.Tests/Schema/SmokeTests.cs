namespace GatewayPersistence.Tests.Schema;

public class SmokeTests
{
    [Test]
    public async Task Migrated_database_round_trips_a_user()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await using (var context = database.CreateContext())
        {
            context.Users.Add(new User { Id = "u1", Username = "alice", PasswordHash = "salt:hash", CreatedAt = now, UpdatedAt = now });
            await context.SaveChangesAsync();
        }

        await using (var context = database.CreateContext())
        {
            var user = await context.Users.AsNoTracking().SingleAsync(u => u.Id == "u1");
            Assert.That(user.CreatedAt, Is.EqualTo(now));
            Assert.That(await database.ScalarAsync<long>("SELECT created_at FROM users"), Is.EqualTo(now.ToUnixTimeMilliseconds()));
        }
    }
}
