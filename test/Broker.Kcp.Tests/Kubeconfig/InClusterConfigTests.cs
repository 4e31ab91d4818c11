using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;

namespace Broker.Kcp.Tests.Kubeconfig;

/// <summary>A pod's in-cluster configuration (service-account token, CA and namespace under a directory, the server from
/// KUBERNETES_SERVICE_HOST/PORT), read from a directory of the test's own and used against LocalKcp.</summary>
[NonParallelizable]
public sealed class InClusterConfigTests
{
    private LocalKcpFixture _kcp = null!;
    private string _dir = null!;
    private Dictionary<string, string?> _environment = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _kcp = await LocalKcpFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _kcp.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("serviceaccount-").FullName;
        File.WriteAllText(Path.Combine(_dir, "token"), _kcp.AdminToken + "\n");
        File.WriteAllText(Path.Combine(_dir, "ca.crt"), _kcp.CaCertificatePem);
        File.WriteAllText(Path.Combine(_dir, "namespace"), "resource-broker\n");
        _environment = new(StringComparer.Ordinal)
        {
            [InClusterConfig.HostVariable] = _kcp.BaseUrl.Host,
            [InClusterConfig.PortVariable] = _kcp.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task LoadDefault_InAPodWithoutKubeconfig_ServiceAccountReachesTheServer()
    {
        var connection = KubeconfigLoader.LoadDefault(environment: Variable, serviceAccountDirectory: _dir);
        using var client = new KcpClient(connection);

        var namespaces = await client.Cluster("root").ListAllAsync(new GroupVersionResource("", "v1", "namespaces", Namespaced: false), null, null, CancellationToken.None);

        namespaces.Items.ShouldNotBeEmpty();
        connection.Server.ShouldBe(new Uri($"https://{_kcp.BaseUrl.Authority}/"));
        connection.Credentials.TokenFile.ShouldBe(Path.Combine(_dir, "token")); // re-read as it rotates
        connection.Namespace.ShouldBe("resource-broker");
        connection.Source.ShouldBe($"in-cluster configuration {_dir}");
    }

    [Test]
    public void LoadDefault_KubeconfigVariableSet_WinsOverInCluster()
    {
        _environment[KubeconfigLoader.EnvironmentVariable] = _kcp.KubeconfigPath;

        KubeconfigLoader.LoadDefault(environment: Variable, serviceAccountDirectory: _dir).Source.ShouldStartWith($"kubeconfig {_kcp.KubeconfigPath}");
    }

    [Test]
    public void IsAvailable_NoServiceVariablesOrNoToken_False()
    {
        InClusterConfig.IsAvailable(Variable, _dir).ShouldBeTrue();
        InClusterConfig.IsAvailable(_ => null, _dir).ShouldBeFalse();
        File.Delete(Path.Combine(_dir, "token"));
        InClusterConfig.IsAvailable(Variable, _dir).ShouldBeFalse();
    }

    [Test]
    public void Load_IPv6Host_Bracketed()
    {
        _environment[InClusterConfig.HostVariable] = "fd00::1";
        _environment[InClusterConfig.PortVariable] = "443";

        InClusterConfig.Load(Variable, _dir).Server.ShouldBe(new Uri("https://[fd00::1]:443/"));
    }

    [TestCase("ca.crt", "in-cluster configuration {dir}: ca.crt: Could not find file '{dir}/ca.crt'.")]
    [TestCase("ca.crt:garbage", "in-cluster configuration {dir}: ca.crt: certificate authority holds no PEM certificate")]
    [TestCase("variables", "in-cluster configuration {dir}: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set")]
    public void Load_Unusable_OneLineNamingTheDirectoryAndFile(string broken, string expected)
    {
        switch (broken)
        {
            case "ca.crt":
                File.Delete(Path.Combine(_dir, "ca.crt"));
                break;
            case "ca.crt:garbage":
                File.WriteAllText(Path.Combine(_dir, "ca.crt"), "not a certificate");
                break;
            default:
                _environment.Remove(InClusterConfig.PortVariable);
                break;
        }

        Should.Throw<KubeconfigException>(() => InClusterConfig.Load(Variable, _dir)).Message.ShouldBe(expected.Replace("{dir}", _dir, StringComparison.Ordinal));
    }

    private string? Variable(string name) => _environment.GetValueOrDefault(name);
}
