using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Functions.Http;

namespace Platform.Functions.OpenApi;

/// <summary>A query string value a function reads, and its type (string, int, or an enum).</summary>
public sealed record QueryParameter(string Name, Type Type);

/// <summary>A success answer a function can give: status, body type (null for none) and content type.</summary>
public sealed record ResponseShape(int Status, Type? Type, string ContentType);

/// <summary>
/// The HTTP contract of one function as its code states it, read from the IL of the function method and of the helpers of
/// its class that it calls: the JSON body it reads (<c>ReadJsonAsync&lt;T&gt;</c>), the typed results it returns
/// (<c>TypedResults.Ok&lt;T&gt;</c>, <c>Created</c>, ...), whether it authenticates the caller, and the query values and headers
/// it reads. Function classes stay thin and unannotated, and the OpenAPI document cannot drift from what they do.
/// </summary>
public sealed record FunctionContract(
    string Name,
    Type? RequestBody,
    IReadOnlyList<ResponseShape> Responses,
    CallerRequirement Caller,
    IReadOnlyList<QueryParameter> Query,
    IReadOnlyList<string> Headers,
    bool ReadsIfMatch)
{
    private const string Json = "application/json";

    public static FunctionContract Read(string name, MethodInfo method)
    {
        Type? body = null;
        var responses = new List<ResponseShape>();
        var query = new List<QueryParameter>();
        var headers = new List<string>();
        var ifMatch = false;

        foreach (var (called, text, mediaType) in IlCalls.Of(method, method.DeclaringType!))
        {
            var owner = called.DeclaringType;
            switch (called.Name)
            {
                case nameof(RequestExtensions.ReadJsonAsync) when owner == typeof(RequestExtensions):
                    body = called.GetGenericArguments()[0];
                    break;
                case "ReadBytesAsync" when owner == typeof(RequestExtensions):
                    body ??= typeof(JsonElement); // the raw body is read as bytes (a signature covers them) but is JSON
                    break;
                case nameof(RequestExtensions.IfMatch) when owner == typeof(RequestExtensions):
                    ifMatch = true;
                    break;
                case nameof(RequestExtensions.QueryInt) when owner == typeof(RequestExtensions) && text is not null:
                    query.Add(new QueryParameter(text, typeof(int)));
                    break;
                case "QueryEnum" when owner == typeof(RequestExtensions) && text is not null:
                    query.Add(new QueryParameter(text, called.GetGenericArguments()[0]));
                    break;
                case "get_Item" when owner == typeof(IQueryCollection) && text is not null:
                    query.Add(new QueryParameter(text, typeof(string)));
                    break;
                case "get_Item" when owner == typeof(IHeaderDictionary) && text is not null:
                    headers.Add(text);
                    break;
                default:
                    if (owner == typeof(TypedResults) || owner == typeof(Results))
                    {
                        responses.AddRange(Response(called, mediaType));
                    }

                    break;
            }
        }

        return new FunctionContract(
            name,
            body,
            responses.DistinctBy(r => (r.Status, r.Type, r.ContentType)).OrderBy(r => r.Status).ToList(),
            CallerAuthenticator.RequirementOf(method),
            query.DistinctBy(q => q.Name).ToList(),
            headers.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ifMatch);
    }

    // mediaType: the last media type literal before the call, e.g. TypedResults.Text(json, "application/json").
    private static IEnumerable<ResponseShape> Response(MethodBase result, string? mediaType)
    {
        var value = result is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericArguments()[0] : null;
        switch (result.Name)
        {
            case "Ok" or "Json":
                yield return new ResponseShape(StatusCodes.Status200OK, value, Json);
                break;
            case "Created" or "CreatedAtRoute":
                yield return new ResponseShape(StatusCodes.Status201Created, value, Json);
                break;
            case "Accepted" or "AcceptedAtRoute":
                yield return new ResponseShape(StatusCodes.Status202Accepted, value, Json);
                break;
            case "NoContent":
                yield return new ResponseShape(StatusCodes.Status204NoContent, null, Json);
                break;
            case "Stream" or "File" or "Bytes" or "PhysicalFile":
                yield return new ResponseShape(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream");
                break;
            case "Text" or "Content":
                yield return mediaType == Json
                    ? new ResponseShape(StatusCodes.Status200OK, typeof(JsonElement), Json)
                    : new ResponseShape(StatusCodes.Status200OK, typeof(string), mediaType ?? "text/plain");
                break;
        }
    }
}

/// <summary>
/// Reads the calls a method makes from its IL, each with the string loaded just before it (a query key, a header name)
/// and the last media type literal loaded before it (a content type).
/// </summary>
internal static partial class IlCalls
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^(application|text|image|video|audio)/[\w.+-]+$")]
    private static partial System.Text.RegularExpressions.Regex MediaTypeLiteral();

    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => unchecked((ushort)o.Value));

    /// <summary>
    /// Every call in <paramref name="method"/>, following async state machines and the methods of <paramref name="scope"/>
    /// (the function class's own helpers) it calls.
    /// </summary>
    public static IEnumerable<(MethodBase Called, string? StringBefore, string? MediaType)> Of(MethodBase method, Type scope)
    {
        var seen = new HashSet<MethodBase>();
        var pending = new Stack<MethodBase>([method]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            // An async method's body is its state machine's MoveNext.
            if (next.GetCustomAttribute<AsyncStateMachineAttribute>()?.StateMachineType.GetMethod("MoveNext",
                BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
            {
                pending.Push(moveNext);
            }

            foreach (var call in Calls(next))
            {
                if (call.Called.DeclaringType == scope)
                {
                    pending.Push(call.Called);
                }

                yield return call;
            }
        }
    }

    private static IEnumerable<(MethodBase Called, string? StringBefore, string? MediaType)> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        string? lastString = null;
        string? lastMediaType = null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? (ushort)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[code];
            var operand = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };

            string? stringHere = null;
            if (op == OpCodes.Ldstr)
            {
                stringHere = method.Module.ResolveString(BitConverter.ToInt32(il, at));
                if (MediaTypeLiteral().IsMatch(stringHere))
                {
                    lastMediaType = stringHere;
                }
            }
            else if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj)
            {
                MethodBase? called = null;
                try
                {
                    called = method.Module.ResolveMethod(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    // A token from a generic context this reader does not reconstruct: not one the contract needs.
                }

                if (called is not null)
                {
                    yield return (called, lastString, lastMediaType);
                }
            }

            lastString = stringHere;
            at += operand;
        }
    }
}
