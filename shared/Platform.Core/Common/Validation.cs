namespace Platform.Core.Common;

/// <summary>Collects field errors so a request is answered with all of them at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private string? _firstCode;

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string code, string message)
    {
        _firstCode ??= code;
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public Validation Require(bool condition, string field, string code, string message) =>
        condition ? this : Add(field, code, message);

    /// <summary>Throws a validation error whose code is the first failure's code.</summary>
    public void ThrowIfInvalid()
    {
        if (IsValid)
        {
            return;
        }

        var fields = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        throw new PlatformException(ErrorKind.Validation, _firstCode!, "One or more fields are invalid.", fields);
    }
}
