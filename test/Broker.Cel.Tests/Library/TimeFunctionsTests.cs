namespace Broker.Cel.Tests.Library;

internal sealed class TimeFunctionsTests
{
    [TestCase("timestamp('2024-01-01T10:00:00Z').getHours()", "10")]
    [TestCase("timestamp('2024-01-01T10:00:00Z').getHours('America/New_York')", "5")]
    [TestCase("timestamp('2024-07-01T10:00:00Z').getHours('Europe/Berlin')", "12")]
    [TestCase("timestamp('2024-01-01T10:00:00Z').getHours('+05:30')", "15")]
    [TestCase("timestamp('2024-01-01T10:00:00Z').getMinutes('+05:30')", "30")]
    [TestCase("timestamp('2024-01-01T02:00:00Z').getDate('-08:00')", "31")]
    [TestCase("timestamp('2024-03-01T00:00:00Z').getMonth()", "2")]
    [TestCase("timestamp('2024-03-01T00:00:00Z').getDayOfYear()", "60")]
    [TestCase("timestamp('2024-01-01T00:00:00Z').getDayOfWeek()", "1")]
    [TestCase("timestamp('2024-01-01T00:00:00.250Z').getMilliseconds()", "250")]
    [TestCase("timestamp('2024-01-01T10:00:00+02:00') == timestamp('2024-01-01T08:00:00Z')", "true")]
    [TestCase("timestamp('2024-01-01T00:00:00Z') + duration('1h30m')", "timestamp('2024-01-01T01:30:00Z')")]
    [TestCase("timestamp('2024-01-02T00:00:00Z') - timestamp('2024-01-01T00:00:00Z')", "duration('24h')")]
    [TestCase("duration('1h') - duration('90m') < duration('0s')", "true")]
    [TestCase("duration('1.5s').getMilliseconds()", "500")]
    [TestCase("duration('2h30m').getMinutes()", "150")]
    [TestCase("string(duration('1m30.25s'))", "'90.25s'")]
    [TestCase("string(timestamp('2024-01-01T10:00:00.000000001Z'))", "'2024-01-01T10:00:00.000000001Z'")]
    [TestCase("int(timestamp('1970-01-01T00:01:00Z'))", "60")]
    public void Accessor_ValidTimestamp_ReturnsExpected(string expression, string expected) =>
        TestCel.ShouldEvaluateTo(expression, expected);

    [TestCase("timestamp('2024-01-01T10:00:00Z').getHours('Mars/Olympus')")]
    [TestCase("timestamp('not a time')")]
    [TestCase("duration('1 hour')")]
    [TestCase("timestamp('9999-12-31T23:59:59Z') + duration('1s')")]
    public void Accessor_InvalidInput_IsEvaluationError(string expression) =>
        TestCel.ShouldFail(expression);
}
