using System.Globalization;
using System.Text.RegularExpressions;

namespace Broker.Cli;

/// <summary>How a flag's or variable's text becomes a value, and what to call a valid one in an error message
/// (<c>--x: 'abc' is not {Expected}</c>).</summary>
internal sealed record ValueParser<T>(ValueParser<T>.TryParseText TryParse, string Expected)
{
    public delegate bool TryParseText(string text, out T value);
}

/// <summary>The parsers the broker's flags and variables share, so a flag and its variable accept the same text.</summary>
internal static partial class ValueParsers
{
    public static readonly ValueParser<string> Text = new((string text, out string value) =>
    {
        value = text;
        return true;
    }, "text");

    public static readonly ValueParser<int> Integer = new((string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value), "an integer");

    public static readonly ValueParser<int> PositiveInteger = new((string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0, "a positive integer");

    /// <summary>A finite decimal number, 0 or more (<c>50</c>, <c>0.5</c>).</summary>
    public static readonly ValueParser<double> NonNegativeNumber = new((string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value), "a number, 0 or more");

    /// <summary>Go's strconv.ParseBool spellings, as Kubernetes components accept them.</summary>
    public static readonly ValueParser<bool> Boolean = new((string text, out bool value) =>
    {
        (var ok, value) = text switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => (true, true),
            "0" or "f" or "F" or "false" or "FALSE" or "False" => (true, false),
            _ => (false, false),
        };
        return ok;
    }, "a boolean (true or false)");

    public static readonly ValueParser<TimeSpan> Duration = new(DurationText.TryParse, "a duration; write e.g. 15s, 1m30s, 500ms or 00:00:15");

    /// <summary>A listen address as controller-runtime writes it: <c>:8080</c>, <c>host:port</c>, or <c>0</c> (off).</summary>
    public static readonly ValueParser<string> Address = new((string text, out string value) =>
    {
        value = text;
        return text is "" or "0" || ListenAddress().IsMatch(text);
    }, "an address such as :8080 or 127.0.0.1:8080 (0 disables)");

    /// <summary>One of a fixed set of words, compared case-insensitively and returned as listed.</summary>
    public static ValueParser<string> OneOf(params string[] words) => new((string text, out string value) =>
    {
        value = words.FirstOrDefault(w => string.Equals(w, text, StringComparison.OrdinalIgnoreCase)) ?? "";
        return value.Length > 0;
    }, "one of " + string.Join(", ", words));

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]*):[0-9]{1,5}$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ListenAddress();
}
