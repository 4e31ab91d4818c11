using Broker.Runtime.Cache;
using Microsoft.Extensions.Logging;

namespace KcpCerts.Issuer;

internal sealed partial class CertificateReconciler
{
    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Issued a certificate for {Fqdn} to {Key}, signed by {Ca}, valid until {NotAfter:u}")]
        public static partial void Issued(ILogger logger, ObjectKey key, string fqdn, string ca, DateTimeOffset notAfter);

        [LoggerMessage(LogLevel.Information, "Certificate {Key}: {Phase}: {Message}")]
        public static partial void StatusSet(ILogger logger, ObjectKey key, string phase, string message);

        [LoggerMessage(LogLevel.Warning, "Certificate {Key} cannot be issued: {Problem}")]
        public static partial void Rejected(ILogger logger, ObjectKey key, string problem);

        [LoggerMessage(LogLevel.Information, "Certificate {Key} is being deleted; its Secret is removed")]
        public static partial void SecretDeleted(ILogger logger, ObjectKey key);
    }
}
