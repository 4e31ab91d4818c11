using Broker.Cel.Values;

namespace Broker.Cel.Library;

/// <summary><c>base64.encode(bytes)</c> and <c>base64.decode(string)</c> (padding optional).</summary>
internal static class EncodersExtension
{
    public static void Register(LibraryBuilder builder)
    {
        builder.Global("base64.encode", 1, (a, c) =>
        {
            if (a[0] is not CelBytes bytes)
            {
                return CelError.NoMatchingOverload("base64.encode", a);
            }
            c.Allocate(bytes.Length * 4 / 3 + 4);
            return Convert.ToBase64String(bytes.Span);
        });
        builder.Global("base64.decode", 1, (a, c) =>
        {
            if (a[0] is not string text)
            {
                return CelError.NoMatchingOverload("base64.decode", a);
            }
            var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
            var buffer = new byte[padded.Length * 3 / 4];
            if (!Convert.TryFromBase64String(padded, buffer, out var written))
            {
                return new CelError("base64.decode: invalid base64 input");
            }
            c.Allocate(written);
            return new CelBytes(buffer.AsSpan(0, written));
        });
    }
}
