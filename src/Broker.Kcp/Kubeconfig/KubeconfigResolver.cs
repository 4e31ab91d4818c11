using System.Text;

namespace Broker.Kcp.Kubeconfig;

/// <summary>Turns the chosen context of a merged kubeconfig into a <see cref="KcpConnection"/>.</summary>
internal static class KubeconfigResolver
{
    public static KcpConnection Resolve(MergedKubeconfig config, string? contextName)
    {
        var files = string.Join(", ", config.Files);
        var name = contextName ?? config.CurrentContext
            ?? throw new KubeconfigException($"kubeconfig {files}: no current-context set and no context given");
        if (!config.Contexts.TryGetValue(name, out var context))
        {
            var source = contextName is null ? $"current-context of {config.CurrentContextFile}" : "requested";
            throw new KubeconfigException(
                $"kubeconfig {files}: context '{name}' ({source}) not found; known contexts: {Known(config.Contexts.Keys)}");
        }

        var where = $"kubeconfig {context.File}: context '{name}'";
        var clusterName = context.Entry.Cluster
            ?? throw new KubeconfigException($"{where} names no cluster");
        if (!config.Clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new KubeconfigException($"{where}: cluster '{clusterName}' not found; known clusters: {Known(config.Clusters.Keys)}");
        }

        var user = new KubeconfigDocument.UserEntry();
        var userFile = context.File;
        if (context.Entry.User is { Length: > 0 } userName)
        {
            if (!config.Users.TryGetValue(userName, out var found))
            {
                throw new KubeconfigException($"{where}: user '{userName}' not found; known users: {Known(config.Users.Keys)}");
            }

            (user, userFile) = (found.Entry, found.File);
        }

        var clusterWhere = $"kubeconfig {cluster.File}: cluster '{clusterName}'";
        if (string.IsNullOrWhiteSpace(cluster.Entry.Server))
        {
            throw new KubeconfigException($"{clusterWhere} has no server");
        }

        if (!Uri.TryCreate(cluster.Entry.Server, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new KubeconfigException($"{clusterWhere}: server '{cluster.Entry.Server}' is not an http(s) URL");
        }

        var userWhere = $"{where}, user '{context.Entry.User}'";
        if (user is { Exec: not null, AuthProvider: not null })
        {
            throw new KubeconfigException($"{userWhere}: has both exec and auth-provider; use one (client-go refuses the combination)");
        }

        var credentials = Credentials(cluster, clusterWhere, user, $"kubeconfig {userFile}: user '{context.Entry.User}'", userFile)
            with { Exec = Exec(user, userWhere), Oidc = Oidc(user, context.Entry.User ?? "", userFile, userWhere) };
        var (root, workspace) = KcpConnection.SplitServer(server);
        return new KcpConnection(root, workspace, credentials) { Namespace = context.Entry.Namespace, Source = where };
    }

    private static KcpCredentials Credentials(
        MergedKubeconfig.Sourced<KubeconfigDocument.ClusterEntry> cluster, string clusterWhere,
        KubeconfigDocument.UserEntry user, string userWhere, string userFile)
    {
        var ca = DataOrFile(cluster.Entry.CertificateAuthorityData, cluster.Entry.CertificateAuthority, cluster.File, clusterWhere, "certificate-authority");
        var cert = DataOrFile(user.ClientCertificateData, user.ClientCertificate, userFile, userWhere, "client-certificate");
        var key = DataOrFile(user.ClientKeyData, user.ClientKey, userFile, userWhere, "client-key");
        if ((cert is null) != (key is null))
        {
            var missing = cert is null ? "client-certificate(-data)" : "client-key(-data)";
            throw new KubeconfigException($"{userWhere}: has {(cert is null ? "a client key" : "a client certificate")} but no {missing}");
        }

        KubeconfigLoader.ValidateCertificates(ca is null ? userWhere : clusterWhere, ca, cert, key);
        return new KcpCredentials
        {
            BearerToken = Token(user, userFile, userWhere),
            TokenFile = string.IsNullOrEmpty(user.Token) && !string.IsNullOrEmpty(user.TokenFile) ? Relative(userFile, user.TokenFile) : null,
            CertificateAuthorityPem = ca,
            ClientCertificatePem = cert,
            ClientKeyPem = key,
            InsecureSkipTlsVerify = cluster.Entry.InsecureSkipTlsVerify,
            TlsServerName = cluster.Entry.TlsServerName,
        };
    }

    private static ExecPlugin? Exec(KubeconfigDocument.UserEntry user, string where)
    {
        if (user.Exec is not { } exec)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(exec.Command))
        {
            throw new KubeconfigException($"{where}: exec has no command");
        }

        if (exec.ApiVersion is not (null or ExecPlugin.ApiVersion or ExecPlugin.BetaApiVersion))
        {
            throw new KubeconfigException($"{where}: exec apiVersion '{exec.ApiVersion}' is not {ExecPlugin.ApiVersion}");
        }

        return new ExecPlugin(exec, where);
    }

    private static OidcAuthProvider? Oidc(KubeconfigDocument.UserEntry user, string userName, string userFile, string where)
    {
        if (user.AuthProvider is not { } provider)
        {
            return null;
        }

        if (provider.Name != "oidc")
        {
            throw new KubeconfigException($"{where}: auth-provider '{provider.Name}' is not supported; use an exec credential plugin ({ExecPlugin.ApiVersion}) instead");
        }

        var config = provider.Config ?? new Dictionary<string, string>(StringComparer.Ordinal);
        string? Value(string key) => config.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        var issuer = Value("idp-issuer-url") ?? throw new KubeconfigException($"{where}: auth-provider oidc has no idp-issuer-url");
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) || issuerUri.Scheme is not ("http" or "https"))
        {
            throw new KubeconfigException($"{where}: auth-provider oidc: idp-issuer-url '{issuer}' is not an http(s) URL");
        }

        return new OidcAuthProvider
        {
            Issuer = issuerUri,
            ClientId = Value("client-id") ?? throw new KubeconfigException($"{where}: auth-provider oidc has no client-id"),
            ClientSecret = Value("client-secret"),
            IdToken = Value("id-token"),
            RefreshToken = Value("refresh-token"),
            IssuerCertificateAuthorityPem = DataOrFile(Value("idp-certificate-authority-data"), Value("idp-certificate-authority"), userFile, where, "auth-provider oidc: idp-certificate-authority"),
            KubeconfigFile = Path.GetFullPath(userFile),
            UserName = userName,
            Where = where,
        };
    }

    // kubectl: an inline token wins over tokenFile.
    private static string? Token(KubeconfigDocument.UserEntry user, string file, string where)
    {
        if (!string.IsNullOrEmpty(user.Token))
        {
            return user.Token;
        }

        if (string.IsNullOrEmpty(user.TokenFile))
        {
            return null;
        }

        var path = Relative(file, user.TokenFile);
        return File.Exists(path)
            ? File.ReadAllText(path).Trim()
            : throw new KubeconfigException($"{where}: tokenFile '{path}' not found");
    }

    // Inline data wins over a file path, as in kubectl.
    private static string? DataOrFile(string? data, string? path, string file, string where, string key)
    {
        if (!string.IsNullOrEmpty(data))
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException ex)
            {
                throw new KubeconfigException($"{where}: {key}-data is not valid base64", ex);
            }
        }

        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var full = Relative(file, path);
        return File.Exists(full) ? File.ReadAllText(full) : throw new KubeconfigException($"{where}: {key} file '{full}' not found");
    }

    // Relative paths in a kubeconfig are relative to the file that holds them.
    private static string Relative(string file, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", path));

    private static string Known(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
