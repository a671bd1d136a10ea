using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Platform.Tests.Support;

namespace Platform.Tests.Web;

/// <summary>
/// Headless <see cref="Chromium"/> driven by Playwright, plus the host the pages talk to. One per test
/// collection: starting chromium and the host once keeps the journeys quick; each test gets its own browser context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public WebClientHost Host { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = await Chromium.ExecutablePathAsync(),
            Headless = true,
            Args = Chromium.Arguments,
        });
    }

    /// <summary>A fresh context (no cookies or storage) and page; <paramref name="phone"/> is a 390x844 touch screen.</summary>
    public async Task<BrowserPage> OpenAsync(bool phone = false, string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl.ToString(),
            Locale = locale,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            DeviceScaleFactor = 1,
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Host.Dispose();
    }
}

/// <summary>A page that records script errors (a journey fails on any) and saves screenshots as test artifacts.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => _errors.Add(error);
    }

    public IPage Page { get; }

    /// <summary>Uncaught script errors so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public static string ArtifactsFolder { get; } = RepoPaths.Of("tests", "artifacts");

    /// <summary>
    /// Saves a full-page screenshot as tests/artifacts/{name}.png and returns its path, after checking the page: it shows
    /// no leaked script values ("null", "undefined", "[object Object]", "NaN") and axe-core finds no WCAG 2.1 A/AA violation
    /// (names, roles, labels, contrast, ...).
    /// </summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var text = await Page.Locator("body").InnerTextAsync();
        var leaked = System.Text.RegularExpressions.Regex.Match(text, @"\bnull\b|\bundefined\b|\[object Object\]|\bNaN\b");
        Assert.False(leaked.Success, $"The page shows '{leaked.Value}': {text}");
        var violations = await AccessibilityViolationsAsync();
        Assert.True(violations.Count == 0, $"{name}: " + string.Join("\n", violations));

        Directory.CreateDirectory(ArtifactsFolder);
        var path = Path.Combine(ArtifactsFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>What axe-core (WCAG 2.0/2.1 A and AA rules) finds wrong on the page as it is now.</summary>
    public async Task<IReadOnlyList<string>> AccessibilityViolationsAsync()
    {
        var results = await Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return results.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html.Length > 120 ? n.Html[..120] : n.Html))}")
            .ToList();
    }

    /// <summary>Signs in through the client's dev sign-in form, as a person would.</summary>
    public async Task SignInAsync(string userId, string[]? roles = null, string[]? brandIds = null, string next = "/")
    {
        await Page.GotoAsync($"/#/signin?next={Uri.EscapeDataString(next)}");
        await Page.Locator("#userId").FillAsync(userId);
        await Page.Locator("#displayName").FillAsync(userId);
        foreach (var role in roles ?? [])
        {
            await Page.Locator($"input[name=roles][value={role}]").CheckAsync();
        }

        await Page.Locator("#brandIds").FillAsync(string.Join(' ', brandIds ?? []));
        await Page.Locator("#dev-signin button[type=submit]").ClickAsync();
        await Page.WaitForFunctionAsync("() => !location.hash.startsWith('#/signin')");
    }

    /// <summary>Every visible form control has an accessible name (a label, aria-label or aria-labelledby).</summary>
    public async Task<IReadOnlyList<string>> UnlabelledControlsAsync() =>
        await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
              .filter(el => el.offsetParent !== null || el.getClientRects().length)
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
              .map(el => el.outerHTML.slice(0, 120))
            """);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
