using GatewayPersistence.Repositories;

namespace GatewayPersistence.UnitTests.Repositories;

public class ApiRequestCursorTests
{
    [TestCase(1_764_000_000_123L, "V1StGXR8_Z5jdHi6B-myT")]
    [TestCase(0L, "id.with.dots")]
    [TestCase(-5L, "ünïcode id")]
    public void A_cursor_round_trips_and_is_url_safe(long createdAt, string id)
    {
        var text = new ApiRequestCursor(createdAt, id).Encode();
        Assert.That(text, Does.Match("^[A-Za-z0-9_-]+$"));
        Assert.That(ApiRequestCursor.Decode(text), Is.EqualTo(new ApiRequestCursor(createdAt, id)));
    }

    [TestCase("not a cursor")]
    [TestCase("")]
    [TestCase("djIuMS5pZA")] // v2.1.id
    [TestCase("djEueC5pZA")] // v1.x.id
    [TestCase("djEuMS4")] // v1.1. (no id)
    public void Anything_else_is_refused_with_an_argument_error(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ApiRequestCursor.Decode(text));
        Assert.That(error!.ParamName, Is.EqualTo("Cursor"));
    }
}
