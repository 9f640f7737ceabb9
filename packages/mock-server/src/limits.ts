/** The close reason of the session limit, e.g. "Your session hit the maximum duration of 60 minutes." */
export function maxDurationReason(maxSessionMs: number): string {
  const length =
    maxSessionMs % 60_000 === 0
      ? `${maxSessionMs / 60_000} minutes`
      : `${maxSessionMs / 1000} seconds`;
  return `Your session hit the maximum duration of ${length}.`;
}
