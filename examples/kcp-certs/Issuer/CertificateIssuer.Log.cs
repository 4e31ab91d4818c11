using Microsoft.Extensions.Logging;

namespace KcpCerts.Issuer;

public sealed partial class CertificateIssuer
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Issuer {Ca} starting: APIExport {Export} in {Workspace}")]
        public static partial void Starting(ILogger logger, string ca, string workspace, string export);

        [LoggerMessage(LogLevel.Information, "Issuer {Ca} stopped")]
        public static partial void Stopped(ILogger logger, string ca);
    }
}
