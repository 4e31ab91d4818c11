namespace Broker.Json.Schema;

public enum ValidationRuleOutcome
{
    Passed,
    Failed,
    Error,
}
