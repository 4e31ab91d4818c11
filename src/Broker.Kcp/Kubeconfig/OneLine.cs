namespace Broker.Kcp.Kubeconfig;

/// <summary>Text from a plugin or an issuer folded into one line, for messages that must stay one line.</summary>
internal static class OneLine
{
    public static string Of(string? text) =>
        string.Join(' ', (text ?? "").Split((char[])['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
