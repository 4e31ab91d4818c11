namespace Broker.Json.Tests;

public sealed class JsonNumberTests
{
    [TestCase("0", "0")]
    [TestCase("-0.000", "0")]
    [TestCase("10", "1E1")]
    [TestCase("1.50", "15E-1")]
    [TestCase("-12.5e3", "-125E2")]
    [TestCase("0.0012", "12E-4")]
    [TestCase("1E+2", "1E2")]
    [TestCase("123", "123")]
    public void Canonicalize_Number_GivesSignificandAndExponent(string text, string expected)
    {
        JsonNumber.Canonicalize(text).ShouldBe(expected);
    }

    [TestCase("1", true)]
    [TestCase("1.0", true)]
    [TestCase("1e3", true)]
    [TestCase("-2.50e1", true)]
    [TestCase("1.5", false)]
    [TestCase("1e-1", false)]
    public void IsInteger_Number_IgnoresRepresentation(string text, bool expected)
    {
        JsonNumber.IsInteger(text).ShouldBe(expected);
    }
}
