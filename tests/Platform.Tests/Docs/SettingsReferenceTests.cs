using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Platform.Tests.Support;

namespace Platform.Tests.Docs;

/// <summary>
/// The settings reference in shared/README.md ("Settings") against the options classes: every public settable property of
/// every options class (a type with a <c>const string Section</c> under "Platform", found by reflection in the platform's
/// assemblies) has one row with its default from a new instance, and no row names a setting that does not exist.
/// </summary>
public sealed partial class SettingsReferenceTests
{
    private const string ReadmePath = "shared/README.md";
    private const string Heading = "## Settings";

    [Fact]
    public void Every_setting_of_an_options_class_is_in_the_reference_with_its_default()
    {
        var documented = DocumentedSettings();
        var problems = new List<string>();

        foreach (var setting in CodeSettings())
        {
            if (!documented.TryGetValue(setting.Key, out var row))
            {
                problems.Add($"missing: add under \"### {setting.Section}\" the row  | `{setting.Key}` | `{setting.Default}` | <what it means> |"
                    + $"  ({setting.Owner.Name}.{setting.Property})");
            }
            else if (row.Default != setting.Default)
            {
                problems.Add($"wrong default: {setting.Key} is documented as `{row.Default}` but {setting.Owner.Name}.{setting.Property}"
                    + $" defaults to `{setting.Default}`; change its row to  | `{setting.Key}` | `{setting.Default}` | {row.Meaning} |");
            }
            else if (row.Meaning.Length == 0)
            {
                problems.Add($"no meaning: say what {setting.Key} does in the third column of its row");
            }
        }

        Assert.True(problems.Count == 0,
            $"The settings reference ({ReadmePath}, \"{Heading}\") is out of date:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_reference_lists_no_setting_that_no_options_class_binds()
    {
        var code = CodeSettings().Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var stale = DocumentedSettings().Keys.Where(k => !code.Contains(k)).Order(StringComparer.Ordinal).ToList();

        Assert.True(stale.Count == 0,
            $"{ReadmePath} (\"{Heading}\") documents settings no options class binds (renamed or removed? delete or rename the row):\n"
            + string.Join("\n", stale));
    }

    [Fact]
    public void The_reference_reads_rows_and_the_code_has_options()
    {
        // Guards the two tests above against passing vacuously (a moved heading, a changed table format, no assemblies).
        Assert.Contains("Platform__Limits__Notes__TitleMaxLength", DocumentedSettings().Keys);
        Assert.Contains(CodeSettings(), s => s.Key == "Platform__Mode" && s.Default == "Embedded");
        Assert.Contains(CodeSettings(), s => s.Key == "Platform__Messaging__Outbox__Grace" && s.Default == "00:00:05");
    }

    internal sealed record CodeSetting(string Section, string Key, string Default, Type Owner, string Property);

    internal sealed record DocumentedSetting(string Default, string Meaning);

    internal static List<CodeSetting> CodeSettings() =>
        OptionsTypes().SelectMany(t => Settings(t.Section, t.Type, Activator.CreateInstance(t.Type))).ToList();

    private static IEnumerable<CodeSetting> Settings(string section, Type type, object? instance)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var value = instance is null ? null : property.GetValue(instance);
            if (IsNested(property.PropertyType))
            {
                foreach (var nested in Settings($"{section}:{property.Name}", property.PropertyType,
                             value ?? Activator.CreateInstance(property.PropertyType)))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return new CodeSetting(section, ToKey(section, property.Name), Format(value), type, property.Name);
            }
        }
    }

    /// <summary>A default as the reference writes it: invariant culture, TimeSpan as c, lists joined, none for null/empty.</summary>
    internal static string Format(object? value) => value switch
    {
        null => "none",
        string s => s.Length == 0 ? "none" : s,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => items.Cast<object?>().Select(Format).ToList() is { Count: > 0 } list ? string.Join(", ", list) : "none",
        _ => value.ToString() ?? "none",
    };

    /// <summary>Rows <c>| `Platform__...` | `default` | meaning |</c> under the "Settings" heading of shared/README.md.</summary>
    internal static Dictionary<string, DocumentedSetting> DocumentedSettings()
    {
        var lines = File.ReadAllLines(RepoPaths.Of("shared", "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == Heading);
        Assert.True(start >= 0, $"{ReadmePath} has no \"{Heading}\" heading.");
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));

        var rows = new Dictionary<string, DocumentedSetting>(StringComparer.Ordinal);
        foreach (var line in lines[(start + 1)..(end < 0 ? lines.Length : end)])
        {
            var match = Row().Match(line);
            if (match.Success)
            {
                var key = match.Groups["key"].Value;
                Assert.True(rows.TryAdd(key, new DocumentedSetting(match.Groups["default"].Value.Trim(), match.Groups["meaning"].Value.Trim())),
                    $"{key} is listed twice in {ReadmePath}.");
            }
        }

        return rows;
    }

    /// <summary>Every public type in the platform's assemblies with a <c>const string Section</c> under "Platform".</summary>
    private static IEnumerable<(string Section, Type Type)> OptionsTypes()
    {
        var assemblies = Directory.EnumerateFiles(AppContext.BaseDirectory, "Platform.*.dll")
            .Select(AssemblyName.GetAssemblyName)
            .Where(n => n.Name is { } name && !name.StartsWith("Platform.Tests", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .ToList();
        // Every assembly with options must be next to the test, or its settings would look stale.
        foreach (var name in new[] { "Platform.Core", "Platform.Azure", "Platform.Embedded", "Platform.Functions", "Platform.LocalHost" })
        {
            Assert.True(assemblies.Any(a => a.GetName().Name == name), $"{name}.dll is not in the test's output: reference its project.");
        }

        return assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => (Section: (string)x.Field!.GetRawConstantValue()!, x.Type))
            .Where(x => x.Section.StartsWith("Platform", StringComparison.Ordinal))
            .OrderBy(x => x.Section, StringComparer.Ordinal);
    }

    // A nested options object (bound from a sub-section) is a class of our own; strings, URIs and collections are values.
    private static bool IsNested(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("Platform", StringComparison.Ordinal) == true;

    private static string ToKey(string section, string property) =>
        $"{section}:{property}".Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex(@"^\|\s*`(?<key>Platform__[A-Za-z0-9_]+)`\s*\|\s*`?(?<default>[^|`]*)`?\s*\|(?<meaning>.*)\|\s*$")]
    private static partial Regex Row();
}
