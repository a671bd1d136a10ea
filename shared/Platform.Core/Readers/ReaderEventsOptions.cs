using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Core.Readers;

/// <summary>
/// The reader-events endpoint (<c>POST /api/events</c>): how much one call may carry, how fast one caller may send, and the
/// counting rules that decide which accepted events count. Each rule is one setting.
/// </summary>
public sealed class ReaderEventsOptions
{
    public const string Section = "Platform:Readers";

    /// <summary>Most events one request may carry; more is refused whole (413).</summary>
    [Range(1, 1000)]
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Events one caller (user, or device when anonymous) may send per minute; beyond it requests get 429.</summary>
    [Range(1, 100_000)]
    public int MaxEventsPerMinute { get; set; } = 600;

    /// <summary>One view (and one impression, share or product click) per viewer per note per this window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether a note's author opening or scrolling past their own note counts (off: it does not).</summary>
    public bool CountAuthorViews { get; set; }

    /// <summary>A view shorter than this (in milliseconds) is not counted: nobody reads a note in no time.</summary>
    [Range(0, 60_000)]
    public int MinViewDwellMs { get; set; } = 1000;

    /// <summary>Views one viewer may have counted per minute; more is automation and is not counted.</summary>
    [Range(1, 10_000)]
    public int MaxViewsPerViewerPerMinute { get; set; } = 20;

    /// <summary>Impressions one viewer may have counted per minute; more is automation (or a runaway client) and is not counted.</summary>
    [Range(1, 100_000)]
    public int MaxImpressionsPerViewerPerMinute { get; set; } = 300;

    /// <summary>How far an event's client clock may be from the server's; further is clamped to the server's time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most reader actions in one <see cref="ReaderActivityBatch"/> message (a Service Bus message holds 256 KB).</summary>
    [Range(1, 2000)]
    public int MaxItemsPerMessage { get; set; } = 500;

    /// <summary>Viewers whose dedup and rate state one instance keeps in memory; past it, expired entries are dropped first.</summary>
    [Range(1000, 10_000_000)]
    public int MaxTrackedKeys { get; set; } = 200_000;

    /// <summary>How long a note's author and products are cached for the counting rules (notes rarely change those).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan NoteFactsCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Checks <see cref="ReaderEventsOptions"/> with code generated at build time from its annotations (no reflection at start-up).</summary>
[OptionsValidator]
public sealed partial class ReaderEventsOptionsValidator : IValidateOptions<ReaderEventsOptions>;
