using Platform.Core.Notes;

namespace Platform.Tests.Notes;

public sealed class TopicsTests
{
    [Theory]
    [InlineData("夏天必备 #防晒 #夏日护肤", new[] { "防晒", "夏日护肤" })]
    [InlineData("#OOTD今日穿搭 and #ootd again", new[] { "OOTD今日穿搭", "ootd" })]
    [InlineData("no topics here # alone", new string[0])]
    [InlineData("#a#b", new[] { "a", "b" })]
    public void Topics_are_parsed_from_the_body(string body, string[] expected) =>
        Assert.Equal(expected, Topics.ParseFrom(body));

    [Fact]
    public void Explicit_and_parsed_topics_merge_without_duplicates_ignoring_case_and_hashes()
    {
        Assert.Equal(["OOTD", "防晒"], Topics.Merge(["#OOTD", " ", "防晒"], "今天 #ootd #防晒"));
    }
}
