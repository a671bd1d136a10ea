using Microsoft.AspNetCore.Http;
using Platform.Core.Commerce;
using Platform.Functions.Http;
using Platform.Functions.OpenApi;

namespace Platform.Tests.OpenApi;

/// <summary>A function's signature is its contract: the Caller parameter says who may call it, the return type what it answers.</summary>
public sealed class DeclaredContractTests
{
    private static readonly Dictionary<string, HttpFunctionRoute> Functions =
        HttpFunctionRoutes.Discover(typeof(OpenApiFunctions).Assembly, "api").ToDictionary(f => f.Name);

    [Theory]
    [InlineData("CreateNote", CallerRequirement.Required)]
    [InlineData("GetNote", CallerRequirement.Optional)]
    [InlineData("GetOpenApiDocument", CallerRequirement.None)]
    public void Caller_or_nullable_caller_parameter_is_the_requirement(string function, CallerRequirement expected) =>
        Assert.Equal(expected, CallerAuthenticator.RequirementOf(Functions[function].Method));

    [Fact]
    public void Every_function_that_reads_a_caller_declares_it_as_a_parameter()
    {
        // The one resolver authenticates; no function class asks for the authenticator itself.
        var asking = Functions.Values
            .Select(f => f.Method.DeclaringType!)
            .Distinct()
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(CallerAuthenticator))))
            .Select(t => t.Name)
            .ToList();
        Assert.Empty(asking);
    }

    [Fact]
    public void A_union_of_typed_results_declares_each_response()
    {
        var checkout = FunctionContract.DeclaredResponses(Functions["Checkout"].Method);
        Assert.Equal(
            [new ResponseShape(StatusCodes.Status200OK, typeof(OrderResponse), "application/json"), new ResponseShape(StatusCodes.Status201Created, typeof(OrderResponse), "application/json")],
            checkout);
    }

    [Fact]
    public void Every_http_function_declares_a_typed_result_or_what_it_produces()
    {
        var undeclared = Functions.Values.Where(f => FunctionContract.DeclaredResponses(f.Method).Count == 0).Select(f => f.Name).ToList();
        Assert.Empty(undeclared);
    }
}
