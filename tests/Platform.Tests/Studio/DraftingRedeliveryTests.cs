using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Azure.Studio;
using Platform.Core.Common;
using Platform.Core.Messaging;
using Platform.Core.Storage;
using Platform.Core.Studio;
using Platform.Functions;
using Platform.Tests.Support;

namespace Platform.Tests.Studio;

/// <summary>
/// Drafting can outlive a Service Bus lock, and then the broker delivers the same job again. The lock is renewed for the
/// worst case, and a redelivery neither drafts a second time nor counts the usage twice.
/// </summary>
public sealed class DraftingRedeliveryTests : IAsyncDisposable
{
    private const string Brand = "acme";
    private static readonly TokenUsage Spent = new(1000, 500);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly GatedGenerator _generator = new();
    private readonly ServiceProvider _services;

    public DraftingRedeliveryTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Mode"] = "Embedded",
            ["Platform:Embedded:DataPath"] = Directory.CreateTempSubdirectory("drafting-").FullName,
            ["Platform:Studio:ExemplarCount"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPlatform(configuration);
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IDraftGenerator>(_generator);
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public void The_lock_is_renewed_for_longer_than_the_worst_case_drafting_run()
    {
        var host = JsonNode.Parse(File.ReadAllText(RepoPaths.Of("host.json")))!;
        var renewal = TimeSpan.Parse(host["extensions"]!["serviceBus"]!["maxAutoLockRenewalDuration"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var lease = new StudioOptions().JobLease;
        var worstCase = new OpenAIOptions().WorstCaseDuration;

        Assert.True(worstCase > TimeSpan.FromMinutes(5), "The default (5 minute) renewal would not have been enough: this test guards a real case.");
        Assert.True(lease >= worstCase + TimeSpan.FromMinutes(1), $"Lease {lease} vs worst case {worstCase} plus grounding.");
        Assert.True(renewal >= lease, $"host.json renews the lock for {renewal}; a run may hold its suggestion for {lease}.");
    }

    [Fact]
    public async Task A_redelivery_while_the_first_run_drafts_does_not_draft_or_count_again()
    {
        var id = await QueueAsync();
        var first = HandleAsync(id, deliveryCount: 1);
        await _generator.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The first run lost its lock: the broker delivers the job again while it still drafts.
        _clock.Advance(TimeSpan.FromMinutes(6));
        await Assert.ThrowsAsync<SuggestionBusyException>(() => HandleAsync(id, deliveryCount: 2));

        _generator.Release.SetResult();
        await first;
        await HandleAsync(id, deliveryCount: 3); // the abandoned redelivery comes back once the first run is done

        Assert.Equal(1, _generator.Calls);
        var usage = await Quota.GetAsync(Brand, _clock.GetUtcNow(), default);
        Assert.Equal(Spent.PromptTokens, usage.PromptTokens);
        Assert.Equal(SuggestionStatus.Succeeded, (await FindAsync(id)).Status);
    }

    [Fact]
    public async Task Usage_not_yet_counted_when_a_run_stopped_is_counted_once_by_the_redelivery()
    {
        var id = await QueueAsync();
        _generator.Release.SetResult();
        await HandleAsync(id, deliveryCount: 1);
        // As if the run had stopped after storing the drafts but before counting them.
        await Store.UpdateAsync<Suggestion>(Collections.Suggestions, Brand, id, s => s! with { UsageRecorded = false }, 3, default);

        await HandleAsync(id, deliveryCount: 2);
        await HandleAsync(id, deliveryCount: 3);

        Assert.Equal(1, _generator.Calls);
        Assert.Equal(Spent.CompletionTokens, (await Quota.GetAsync(Brand, _clock.GetUtcNow(), default)).CompletionTokens);
    }

    [Fact]
    public async Task A_run_whose_lease_lapsed_is_drafted_by_the_redelivery()
    {
        var id = await QueueAsync();
        // A run that claimed the suggestion and died.
        await Store.UpdateAsync<Suggestion>(Collections.Suggestions, Brand, id,
            s => s! with { Status = SuggestionStatus.Running, LeaseUntil = _clock.GetUtcNow().AddMinutes(10) }, 3, default);
        _clock.Advance(TimeSpan.FromMinutes(11));
        _generator.Release.SetResult();

        await HandleAsync(id, deliveryCount: 2);

        Assert.Equal(SuggestionStatus.Succeeded, (await FindAsync(id)).Status);
        Assert.Equal(1, _generator.Calls);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private IDocumentStore Store => _services.GetRequiredService<IDocumentStore>();

    private StudioQuota Quota => _services.GetRequiredService<StudioQuota>();

    private async Task<string> QueueAsync()
    {
        var id = Ids.New();
        var now = _clock.GetUtcNow();
        await Store.CreateAsync(Collections.Suggestions, Brand, id, new Suggestion
        {
            Id = id, BrandId = Brand, RequestedBy = "member-1", Brief = StudioFixtures.Brief() with { ProductIds = [] }, CreatedAt = now, UpdatedAt = now,
        }, default);
        return id;
    }

    private async Task<Suggestion> FindAsync(string id) =>
        (await Store.FindAsync<Suggestion>(Collections.Suggestions, Brand, id, default))!.Value;

    private async Task HandleAsync(string suggestionId, int deliveryCount)
    {
        await using var scope = _services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<SuggestionJobHandler>();
        await handler.HandleAsync(new IncomingMessage
        {
            Id = "job-" + suggestionId,
            Source = Destinations.Suggestions,
            Type = SuggestionMessages.Requested,
            Body = JsonSerializer.Serialize(new SuggestionJob(Brand, suggestionId), PlatformJson.Options),
            DeliveryCount = deliveryCount,
        }, default);
    }

    /// <summary>A model that answers when released, and counts its calls.</summary>
    private sealed class GatedGenerator : IDraftGenerator
    {
        private int _calls;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => _calls;

        public string Name => "gated";

        public bool IsOffline => false;

        public async Task<DraftGeneration> GenerateAsync(DraftPrompt prompt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            var drafts = Enumerable.Range(1, prompt.Brief.Variants)
                .Select(i => new GeneratedDraft($"防晒小技巧 {i}", "清爽不油腻，通勤也能轻松补涂。", ["防晒"], "竖图", "标题带数字"))
                .ToList();
            return new DraftGeneration(drafts, Spent, Name, "test-model", false, 1);
        }
    }
}
