using System.Text;

namespace Broker.Cel.Tests.Conformance.TextProto;

/// <summary>A scalar: a quoted string (kept as raw bytes, since text format escapes are bytes), or
/// an unquoted token (number, enum name, true/false).</summary>
internal sealed record TextProtoScalar(string Text, byte[]? Bytes)
{
    public bool IsQuoted => Bytes is not null;

    public string AsString() => Bytes is null ? Text : Encoding.UTF8.GetString(Bytes);
}
