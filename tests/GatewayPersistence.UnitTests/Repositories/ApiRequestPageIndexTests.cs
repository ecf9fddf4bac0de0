using GatewayPersistence.Repositories;

namespace GatewayPersistence.UnitTests.Repositories;

/// <summary>The index a request-list page names: one per filter, chosen the same way whatever the other filters.</summary>
public class ApiRequestPageIndexTests
{
    // The model alone: no connection is opened (nothing listens on port 1).
    private static readonly DbContextOptions<GatewayDbContext> Options = new DbContextOptionsBuilder<GatewayDbContext>()
        .UseMySql("Server=127.0.0.1;Port=1;Database=gw;User ID=gw;Password=pw", new MySqlServerVersion(new Version(8, 0, 36)))
        .Options;

    [TestCase(null, null, null, null, "`idx_api_requests_created_at`")]
    [TestCase("k", null, null, null, "`idx_api_requests_vk_created_at`")]
    [TestCase(null, "p", null, null, "`idx_api_requests_provider_created_at`")]
    [TestCase(null, null, "m", null, "`idx_api_requests_model_created_at`")]
    [TestCase(null, null, null, "error", "`idx_api_requests_status_created_at`")]
    [TestCase("k", "p", "m", "error", "`idx_api_requests_vk_created_at`")]
    [TestCase(null, "p", "m", "error", "`idx_api_requests_provider_created_at`")]
    [TestCase(null, null, "m", "error", "`idx_api_requests_model_created_at`")]
    public void A_page_names_the_index_of_its_most_selective_filter(string? key, string? provider, string? model, string? status, string index)
    {
        using var context = new GatewayDbContext(Options);
        var query = new ApiRequestQuery { VirtualKeyId = key, ProviderId = provider, Model = model, Status = status };

        Assert.That(ApiRequestRepository.PageIndex(SqlModel.For(context).Names, query), Is.EqualTo(index));
    }

    [Test]
    public void An_index_is_found_by_its_columns_in_order_and_a_missing_one_is_named()
    {
        using var context = new GatewayDbContext(Options);
        var requests = SqlModel.For(context).Table<ApiRequest>();

        Assert.That(requests.IndexOn(r => r.Ip, r => r.CreatedAt), Is.EqualTo("`idx_api_requests_ip_created_at`"));
        var exception = Assert.Throws<InvalidOperationException>(() => requests.IndexOn(r => r.CreatedAt, r => r.Status));
        Assert.That(exception!.Message, Does.Contain("(CreatedAt, Status)"));
    }
}
