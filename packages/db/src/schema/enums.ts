import { pgEnum } from 'drizzle-orm/pg-core';
import { boardKinds, emailFrequencies, boardVisibilities, lifecycleStages, memberRoles, organizationTiers, topicStatuses } from '@townhall/domain';

export const roleEnum = pgEnum('role', memberRoles);
export const organizationTierEnum = pgEnum('organization_tier', organizationTiers);
export const lifecycleStageEnum = pgEnum('lifecycle_stage', lifecycleStages);
export const boardKindEnum = pgEnum('board_kind', boardKinds);
export const boardVisibilityEnum = pgEnum('board_visibility', boardVisibilities);
export const topicStatusEnum = pgEnum('topic_status', topicStatuses);
export const emailFrequencyEnum = pgEnum('email_frequency', emailFrequencies);
