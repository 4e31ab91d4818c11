using System.CommandLine;
using Broker.Cli;

namespace Broker.E2E.Tests.Cli;

/// <summary>The documented variables of <c>broker run</c> and <c>broker local</c>, parsed as the process would parse them,
/// with the environment given: each is read, a flag beats it, a malformed one is one error naming it, help names it.</summary>
public sealed class EnvironmentVariableTests
{
    private static readonly string[] Run = ["run", "--kubeconfig", "k"];
    private static readonly string[] Local = ["local"];

    [TestCase("ENABLE_MIGRATION", "false", "--enable-migration", false)]
    [TestCase("LEADER_ELECTION", "true", "--leader-elect", true)]
    [TestCase("LEADER_ELECTION", "0", "--leader-elect", false)]
    [TestCase("METRICS_ADDR", "127.0.0.1:9090", "--metrics-address", "127.0.0.1:9090")]
    [TestCase("HEALTH_PROBE_ADDR", ":9091", "--health-address", ":9091")]
    [TestCase("LOG_LEVEL", "debug", "--log-level", "debug")]
    [TestCase("LOG_LEVEL", "WARN", "--log-level", "warn")]
    [TestCase("LOG_FORMAT", "json", "--log-format", "json")]
    public void Run_Variable_IsTheFlagsValue<T>(string variable, string text, string flag, T expected)
    {
        var parsed = Parse(Run, (variable, text));

        parsed.Errors.ShouldBeEmpty();
        parsed.GetValue<T>(flag).ShouldBe(expected);
    }

    [TestCase("run")]
    [TestCase("local")]
    public void RateLimitVariables_AreTheFlagsValues(string command)
    {
        var parsed = Parse(command == "run" ? Run : Local, ("KUBE_API_QPS", "12.5"), ("KUBE_API_BURST", "30"));

        parsed.Errors.ShouldBeEmpty();
        parsed.GetValue<double>("--kube-api-qps").ShouldBe(12.5);
        parsed.GetValue<int>("--kube-api-burst").ShouldBe(30);
    }

    [TestCase("run")]
    [TestCase("local")]
    public void RateLimit_NoVariables_ClientGoStyleDefaults(string command)
    {
        var parsed = Parse(command == "run" ? Run : Local);

        parsed.GetValue<double>("--kube-api-qps").ShouldBe(50);
        parsed.GetValue<int>("--kube-api-burst").ShouldBe(100);
    }

    [TestCase("KUBE_API_QPS", "-1", "KUBE_API_QPS: '-1' is not a number, 0 or more")]
    [TestCase("KUBE_API_QPS", "fast", "KUBE_API_QPS: 'fast' is not a number, 0 or more")]
    [TestCase("KUBE_API_BURST", "0", "KUBE_API_BURST: '0' is not a positive integer")]
    public void RateLimit_MalformedVariable_OneErrorNamingIt(string variable, string text, string message) =>
        Parse(Run, (variable, text)).Errors.Select(e => e.Message).ShouldBe([message]);

    [Test]
    public void Run_ReconcileInterval_IsTheFlagsValue() =>
        Parse(Run, ("RECONCILE_INTERVAL", "1m30s")).GetValue<TimeSpan>("--reconcile-interval").ShouldBe(TimeSpan.FromSeconds(90));

    [TestCase("METRICS_ADDR", "127.0.0.1:9090", "--metrics-address", "127.0.0.1:9090")]
    [TestCase("LOG_LEVEL", "error", "--log-level", "error")]
    [TestCase("LOG_FORMAT", "json", "--log-format", "json")]
    public void Local_Variable_IsTheFlagsValue(string variable, string text, string flag, string expected) =>
        Parse(Local, (variable, text)).GetValue<string>(flag).ShouldBe(expected);

    [Test]
    public void Local_ReconcileInterval_IsTheFlagsValue() =>
        Parse(Local, ("RECONCILE_INTERVAL", "0")).GetValue<TimeSpan>("--reconcile-interval").ShouldBe(TimeSpan.Zero);

    [Test]
    public void Run_NoVariables_Defaults()
    {
        var parsed = Parse(Run);

        parsed.GetValue<bool>("--leader-elect").ShouldBeFalse();
        parsed.GetValue<bool>("--enable-migration").ShouldBeTrue();
        parsed.GetValue<string>("--metrics-address").ShouldBe(":8080");
        parsed.GetValue<string>("--health-address").ShouldBe(":8081");
        parsed.GetValue<string>("--log-level").ShouldBe("info");
        parsed.GetValue<string>("--log-format").ShouldBe("text");
        parsed.GetValue<TimeSpan>("--reconcile-interval").ShouldBe(TimeSpan.FromHours(10));
    }

    [TestCase("--metrics-address", ":7070", "METRICS_ADDR", ":9090")]
    [TestCase("--log-level", "error", "LOG_LEVEL", "debug")]
    [TestCase("--log-level", "error", "LOG_LEVEL", "not-a-level")] // a flag given, its variable is not even read
    [TestCase("--reconcile-interval", "5m", "RECONCILE_INTERVAL", "1h")]
    public void Run_FlagAndVariable_FlagWins(string flag, string value, string variable, string text)
    {
        var parsed = Parse([.. Run, flag, value], (variable, text));

        parsed.Errors.ShouldBeEmpty();
        parsed.GetResult(parsed.CommandResult.Command.Options.Single(o => o.Name == flag))!.Tokens.Single().Value.ShouldBe(value);
    }

    [Test]
    public void Run_EnableMigrationFlag_BeatsVariable() =>
        Parse([.. Run, "--enable-migration=true"], ("ENABLE_MIGRATION", "false")).GetValue<bool>("--enable-migration").ShouldBeTrue();

    [Test]
    public void Run_LeaderElectFalseFlag_BeatsTrueVariable() =>
        Parse([.. Run, "--leader-elect=false"], ("LEADER_ELECTION", "true")).GetValue<bool>("--leader-elect").ShouldBeFalse();

    [Test]
    public void Run_BareLeaderElectFlag_IsTrue() => Parse([.. Run, "--leader-elect"]).GetValue<bool>("--leader-elect").ShouldBeTrue();

    [TestCase("LEADER_ELECTION", "maybe", "LEADER_ELECTION: 'maybe' is not a boolean (true or false)")]
    [TestCase("ENABLE_MIGRATION", "no", "ENABLE_MIGRATION: 'no' is not a boolean (true or false)")]
    [TestCase("METRICS_ADDR", "8080", "METRICS_ADDR: '8080' is not an address such as :8080 or 127.0.0.1:8080 (0 disables)")]
    [TestCase("HEALTH_PROBE_ADDR", "http://x", "HEALTH_PROBE_ADDR: 'http://x' is not an address such as :8080 or 127.0.0.1:8080 (0 disables)")]
    [TestCase("LOG_LEVEL", "verbose", "LOG_LEVEL: 'verbose' is not one of debug, info, warn, error")]
    [TestCase("LOG_FORMAT", "xml", "LOG_FORMAT: 'xml' is not one of text, json")]
    [TestCase("RECONCILE_INTERVAL", "10", "RECONCILE_INTERVAL: '10' is not a duration; write e.g. 15s, 1m30s, 500ms or 00:00:15")]
    public void Run_MalformedVariable_OneErrorNamingIt(string variable, string text, string message)
    {
        var parsed = Parse(Run, (variable, text));

        parsed.Errors.Select(e => e.Message).ShouldBe([message]);
    }

    [TestCase("METRICS_ADDR", "x", "METRICS_ADDR: 'x' is not an address such as :8080 or 127.0.0.1:8080 (0 disables)")]
    [TestCase("LOG_FORMAT", "yaml", "LOG_FORMAT: 'yaml' is not one of text, json")]
    public void Local_MalformedVariable_OneErrorNamingIt(string variable, string text, string message) =>
        Parse(Local, (variable, text)).Errors.Select(e => e.Message).ShouldBe([message]);

    [Test]
    public void Run_MalformedFlag_ErrorNamesTheFlag() =>
        Parse([.. Run, "--metrics-address", "8080"]).Errors.Select(e => e.Message)
            .ShouldBe(["--metrics-address: '8080' is not an address such as :8080 or 127.0.0.1:8080 (0 disables)"]);

    [TestCase("run", "--enable-migration", "ENABLE_MIGRATION")]
    [TestCase("run", "--leader-elect", "LEADER_ELECTION")]
    [TestCase("run", "--metrics-address", "METRICS_ADDR")]
    [TestCase("run", "--health-address", "HEALTH_PROBE_ADDR")]
    [TestCase("run", "--log-level", "LOG_LEVEL")]
    [TestCase("run", "--log-format", "LOG_FORMAT")]
    [TestCase("run", "--reconcile-interval", "RECONCILE_INTERVAL")]
    [TestCase("local", "--metrics-address", "METRICS_ADDR")]
    [TestCase("local", "--log-level", "LOG_LEVEL")]
    [TestCase("local", "--log-format", "LOG_FORMAT")]
    [TestCase("local", "--reconcile-interval", "RECONCILE_INTERVAL")]
    [TestCase("run", "--kube-api-qps", "KUBE_API_QPS")]
    [TestCase("run", "--kube-api-burst", "KUBE_API_BURST")]
    [TestCase("local", "--kube-api-qps", "KUBE_API_QPS")]
    [TestCase("local", "--kube-api-burst", "KUBE_API_BURST")]
    public void Help_NamesTheVariableBesideTheFlag(string command, string flag, string variable)
    {
        var option = BrokerCommand.Create(new OptionFactory(_ => null)).Subcommands.Single(c => c.Name == command).Options.Single(o => o.Name == flag);

        option.Description.ShouldNotBeNull().ShouldEndWith($"[env: {variable}]");
    }

    private static ParseResult Parse(string[] args, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return BrokerCommand.Create(new OptionFactory(variables.GetValueOrDefault)).Parse(args);
    }
}
