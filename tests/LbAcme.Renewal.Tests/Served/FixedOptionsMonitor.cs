using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>Options that never change, for a probe built without a host.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
