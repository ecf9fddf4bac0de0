namespace GatewayPersistence.Rollups;

/// <summary>What <see cref="IApiRequestRollupBackfill.VerifyAndRepairAsync"/> found and rebuilt.</summary>
/// <param name="HoursChecked">Whole UTC hours compared.</param>
/// <param name="RepairedHours">Start of each hour that differed from its raw rows and was rebuilt, in order.</param>
public sealed record RollupRepairResult(long HoursChecked, IReadOnlyList<DateTimeOffset> RepairedHours);
