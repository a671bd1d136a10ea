using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Platform.Functions.Http;

namespace Platform.Functions.OpenApi;

/// <summary>A query string value a function reads, and its type (string, int, or an enum).</summary>
public sealed record QueryParameter(string Name, Type Type);

/// <summary>A success answer a function can give: status, body type (null for none) and content type.</summary>
public sealed record ResponseShape(int Status, Type? Type, string ContentType);

/// <summary>
/// The HTTP contract of one function as its code states it. From its signature: the responses its declared return type
/// gives (<c>Task&lt;Ok&lt;T&gt;&gt;</c>, <c>Task&lt;Results&lt;Ok&lt;T&gt;, Created&lt;T&gt;&gt;&gt;</c>: the metadata each typed result
/// describes itself with, plus <c>[Produces]</c> on the method for results that carry no type, such as a stream)
/// and whether it needs a caller (a <c>Caller</c> or <c>Caller?</c> parameter). From the IL of the method and of the helpers of
/// its class that it calls: the JSON body it reads (<c>ReadJsonAsync&lt;T&gt;</c>) and the query values and headers it reads.
/// Function classes stay thin, and the OpenAPI document cannot drift from what they do.
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
        var query = new List<QueryParameter>();
        var headers = new List<string>();
        var ifMatch = false;

        foreach (var (called, text) in IlCalls.Of(method, method.DeclaringType!))
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
            }
        }

        return new FunctionContract(
            name,
            body,
            DeclaredResponses(method),
            CallerAuthenticator.RequirementOf(method),
            query.DistinctBy(q => q.Name).ToList(),
            headers.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ifMatch);
    }

    /// <summary>The success answers a function declares: its return type's typed results, then its [Produces] attributes.</summary>
    public static IReadOnlyList<ResponseShape> DeclaredResponses(MethodInfo method)
    {
        var declared = new MetadataCollector();
        foreach (var result in TypedResultsOf(method.ReturnType))
        {
            PopulateMethod.MakeGenericMethod(result).Invoke(null, [method, declared]);
        }

        return declared.Metadata.OfType<IProducesResponseTypeMetadata>()
            .Concat(method.GetCustomAttributes(inherit: true).OfType<IProducesResponseTypeMetadata>())
            .Where(r => r.StatusCode is >= 200 and < 300)
            .Select(r => new ResponseShape(
                r.StatusCode,
                r.Type is null || r.Type == typeof(void) ? null : r.Type,
                r.ContentTypes.FirstOrDefault() ?? Json))
            .DistinctBy(r => (r.Status, r.Type, r.ContentType))
            .OrderBy(r => r.Status)
            .ToList();
    }

    // Task<T> and Results<T1, T2, ...> unwrapped to the typed results that describe themselves (Ok<T>, Created<T>, NoContent, ...).
    private static IEnumerable<Type> TypedResultsOf(Type type)
    {
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return TypedResultsOf(type.GetGenericArguments()[0]);
        }

        return typeof(IEndpointMetadataProvider).IsAssignableFrom(type) ? [type] : [];
    }

    private static readonly MethodInfo PopulateMethod = typeof(FunctionContract).GetMethod(nameof(Populate), BindingFlags.NonPublic | BindingFlags.Static)!;

    // Results<...> populates the metadata of each of its cases, so one call per declared type covers a union too.
    private static void Populate<TResult>(MethodInfo method, EndpointBuilder builder)
        where TResult : IEndpointMetadataProvider => TResult.PopulateMetadata(method, builder);

    private sealed class MetadataCollector : EndpointBuilder
    {
        public override Endpoint Build() => throw new NotSupportedException("Only collects metadata.");
    }
}

/// <summary>
/// Reads the calls a method makes from its IL, each with the string loaded just before it (a query key, a header name).
/// </summary>
internal static class IlCalls
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => unchecked((ushort)o.Value));

    /// <summary>
    /// Every call in <paramref name="method"/>, following async state machines and the methods of <paramref name="scope"/>
    /// (the function class's own helpers) it calls.
    /// </summary>
    public static IEnumerable<(MethodBase Called, string? StringBefore)> Of(MethodBase method, Type scope)
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

    private static IEnumerable<(MethodBase Called, string? StringBefore)> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        string? lastString = null;
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
                    yield return (called, lastString);
                }
            }

            lastString = stringHere;
            at += operand;
        }
    }
}
