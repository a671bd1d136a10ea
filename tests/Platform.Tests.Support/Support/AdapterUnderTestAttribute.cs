namespace Platform.Tests.Support;

/// <summary>Marks a contract test class with the adapter it runs the suite against.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AdapterUnderTestAttribute(Type adapter) : Attribute
{
    public Type Adapter { get; } = adapter;
}
