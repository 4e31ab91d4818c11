using System.Text.Json.Nodes;
using Broker.Json.Schema;

namespace Broker.Json.Tests.Schema;

public sealed class GoFormatTests
{
    [TestCase(0d, "0")]
    [TestCase(1d, "1")]
    [TestCase(-2.5, "-2.5")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00001, "1e-05")]
    [TestCase(123456d, "123456")]
    [TestCase(1000000d, "1e+06")]
    [TestCase(1234567.5, "1.2345675e+06")]
    [TestCase(1e21, "1e+21")]
    [TestCase(-1.5e-7, "-1.5e-07")]
    public void Float_Value_PrintsLikeGoPercentV(double value, string expected)
    {
        GoFormat.Float(value).ShouldBe(expected);
    }

    [TestCase("\"a\\\"b\\\\c\\n\\u0001é\"", "\"a\\\"b\\\\c\\n\\x01é\"")]
    [TestCase("42", "42")]
    [TestCase("4.50", "4.5")]
    [TestCase("true", "true")]
    [TestCase("null", "null")]
    [TestCase("""{"b":[1,"x<&>",null,1.50,1e-7,2e21],"a":{"c":false}}""", """{"a":{"c":false},"b":[1,"x\u003c\u0026\u003e",null,1.5,1e-7,2e+21]}""")]
    public void Value_Json_PrintsLikeKubernetesBadValue(string json, string expected)
    {
        GoFormat.Value(JsonNode.Parse(json)).ShouldBe(expected);
    }
}
