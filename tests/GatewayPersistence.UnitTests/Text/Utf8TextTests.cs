using System.Text;
using GatewayPersistence.Text;

namespace GatewayPersistence.UnitTests.Text;

public class Utf8TextTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [TestCase("aé", 2, "a")] // 2-byte é would end at byte 3
    [TestCase("a€", 3, "a")] // 3-byte € would end at byte 4
    [TestCase("a€", 2, "a")]
    [TestCase("a😀", 4, "a")] // 4-byte emoji: cut at 2, 3 or 4 keeps only "a"
    [TestCase("a😀", 3, "a")]
    [TestCase("a😀", 2, "a")]
    [TestCase("a😀", 5, "a😀")]
    public void TruncateToBytes_never_splits_a_character(string value, int maxBytes, string expected)
    {
        var cut = Utf8Text.TruncateToBytes(value, maxBytes);

        Assert.That(cut, Is.EqualTo(expected));
        Assert.That(StrictUtf8.GetByteCount(cut), Is.LessThanOrEqualTo(maxBytes));
    }

    [Test]
    public void TruncateToBytes_returns_a_value_that_fits_exactly_unchanged()
    {
        var value = "héllo😀";

        Assert.That(Utf8Text.TruncateToBytes(value, Encoding.UTF8.GetByteCount(value)), Is.SameAs(value));
        Assert.That(Utf8Text.TruncateToBytes(value, Encoding.UTF8.GetByteCount(value) - 1), Is.EqualTo("héllo"));
    }

    [Test]
    public void A_lone_surrogate_counts_as_the_three_byte_replacement_character()
    {
        var lone = "ab\uD800cd";

        Assert.That(Utf8Text.ByteCount(lone), Is.EqualTo(7));
        Assert.That(Utf8Text.TruncateToBytes(lone, 4), Is.EqualTo("ab"));
        Assert.That(Utf8Text.TruncateToBytes(lone, 5), Is.EqualTo("ab\uD800"));
        Assert.That(Utf8Text.CharacterCount(lone), Is.EqualTo(5));
        Assert.That(Utf8Text.CharacterCount("x\uDC00"), Is.EqualTo(2));
    }

    [Test]
    public void TruncateWithMarker_keeps_the_marker_inside_the_limit()
    {
        var value = new string('a', 40) + "😀" + new string('b', 40);

        for (var limit = Utf8Text.TruncationMarker.Length; limit < Utf8Text.ByteCount(value); limit++)
        {
            var cut = Utf8Text.TruncateWithMarker(value, limit);
            Assert.That(cut, Does.EndWith(Utf8Text.TruncationMarker));
            Assert.That(StrictUtf8.GetByteCount(cut), Is.LessThanOrEqualTo(limit));
            Assert.That(value, Does.StartWith(cut[..^Utf8Text.TruncationMarker.Length]));
        }
    }

    [Test]
    public void TruncateWithMarker_leaves_an_exact_fit_alone_and_cuts_one_byte_more()
    {
        var value = new string('x', 4_998) + "é"; // exactly 5,000 bytes

        Assert.That(Utf8Text.TruncateWithMarker(value, 5_000), Is.SameAs(value));
        var cut = Utf8Text.TruncateWithMarker(value + "y", 5_000);
        Assert.That(cut, Is.EqualTo(new string('x', 4_986) + Utf8Text.TruncationMarker));
        Assert.That(Encoding.UTF8.GetByteCount(cut), Is.EqualTo(5_000));
    }

    [Test]
    public void TruncateWithMarker_refuses_a_limit_smaller_than_the_marker()
        => Assert.That(() => Utf8Text.TruncateWithMarker("anything at all", Utf8Text.TruncationMarker.Length - 1), Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase("abc", 2, "ab")]
    [TestCase("😀😀😀", 2, "😀😀")]
    [TestCase("a😀b", 2, "a😀")]
    [TestCase("abc", 3, "abc")]
    public void TruncateToCharacters_counts_a_surrogate_pair_as_one_character(string value, int maxCharacters, string expected)
    {
        var cut = Utf8Text.TruncateToCharacters(value, maxCharacters);

        Assert.That(cut, Is.EqualTo(expected));
        Assert.That(Utf8Text.CharacterCount(cut), Is.LessThanOrEqualTo(maxCharacters));
    }
}
