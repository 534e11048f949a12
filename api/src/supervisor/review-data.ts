import type { ApiDeps } from '../api-deps.ts';
import { callbackReason } from './callback-reason.ts';
import type { SitesStore } from '../sites/sites-store.ts';
import type { CallbackReviewRow } from '../storage/sql-callback-review.ts';
import type { ReviewedCallback } from './callbacks-section.ts';
import {
  callsPerPage,
  toCallbackFilter,
  toCallFilter,
  toRatingFilter,
  zoneOf,
  type ReviewFilter,
} from './filters.ts';
import { queueNames } from './queue-names.ts';
import type { SiteScope } from './supervisor-access.ts';
import type { ReviewPageData } from './review-page.ts';
import { configuredTimeZones, zoneOffset } from './zoned-time.ts';

/** What the review page shows for a supervisor's query (the parts it does not know itself). */
export async function loadReview(
  deps: Pick<ApiDeps, 'repo' | 'sites' | 'now'>,
  filter: ReviewFilter,
  scope: SiteScope,
): Promise<Omit<ReviewPageData, 'username' | 'administrator' | 'csrf' | 'searchText' | 'query'>> {
  const sites = deps.sites.all();
  const zone = zoneOf(filter, sites);
  const ratingFilter = toRatingFilter(filter, zone);
  // The scope narrows each query itself: a page is a page of this supervisor's rows.
  const { siteIds } = scope;
  const [ratings, summary, calls, callbacks] = await Promise.all([
    deps.repo.listRatings({ ...ratingFilter, siteIds, limit: 500 }),
    deps.repo.queueSummary({ siteIds, from: ratingFilter.from, to: ratingFilter.to }),
    // One more than a page: whether there is a next one.
    deps.repo.reviewCalls({
      ...toCallFilter(filter, zone),
      siteIds,
      limit: callsPerPage + 1,
      offset: (filter.callPage - 1) * callsPerPage,
    }),
    deps.repo.reviewCallbacks({ ...toCallbackFilter(filter, zone), siteIds, limit: 500 }),
  ]);
  // The worklist's other entries: calls abandoned before an answer, filtered as the requests.
  const abandoned = await deps.repo.reviewAbandonedCalls({
    ...toCallbackFilter(filter, zone),
    siteIds: scope.siteIds,
    limit: 500,
  });
  const names = queueNames(sites);
  const unique = (values: string[]) => [...new Set(values)].sort();
  const siteList = Object.values(sites);
  const zones = configuredTimeZones(sites);
  return {
    filter,
    zone,
    zoneOffset: zoneOffset(zone, deps.now()),
    zones: zones.includes(zone) ? zones : [...zones, zone],
    choices: {
      queues: names.choices,
      intents: unique(siteList.flatMap((site) => site.intents.map((intent) => intent.id))),
      languages: unique(siteList.flatMap((site) => site.languages)),
    },
    queueName: names.nameOf,
    ratings,
    summary,
    calls: calls.slice(0, callsPerPage),
    callsPage: { page: filter.callPage, hasNext: calls.length > callsPerPage },
    callbacks: withReasons(callbacks, deps.sites),
    abandoned,
  };
}

/** Callback requests with why each was asked for (callback-reason.ts). */
export const withReasons = (
  rows: CallbackReviewRow[],
  sites: Pick<SitesStore, 'get'>,
): ReviewedCallback[] =>
  rows.map((row) => ({ ...row, reason: callbackReason(row, sites.get(row.siteId)) }));
