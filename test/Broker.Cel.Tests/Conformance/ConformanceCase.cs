using Broker.Cel.Tests.Conformance.TextProto;

namespace Broker.Cel.Tests.Conformance;

/// <summary>One test of a conformance file, named <c>file/section/test</c>.</summary>
internal sealed record ConformanceCase(string File, string Section, string Name, TextProtoMessage Test)
{
    public string FullName => $"{File}/{Section}/{Name}";

    public string Expr => Test.String("expr") ?? "";

    public override string ToString() => FullName;
}
