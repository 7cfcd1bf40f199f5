import type { Sequelize } from 'sequelize';
import { Organization } from './organization';
import { Category } from './category';
import { Applicant } from './applicant';
import { User } from './user';
import { Session } from './session';
import { Appeal } from './appeal';
import { AppealEvent } from './appeal-event';
import { AuditLog } from './audit-log';
import { Call } from './call';
import { CallAppeal } from './call-appeal';
import { AppealCounter } from './appeal-counter';
import { Outage } from './outage';
import { Street } from './street';
import { Open311Client } from './open311-client';
import { OrganizationApiKey } from './organization-api-key';
import { WebhookDelivery } from './webhook-delivery';
import { Camera, CctvIncident } from './camera';
import { JobLease } from './job-lease';
import { Verification } from './verification';
import { Report } from './report';
import { DeadlineNotice } from './deadline-notice';
import { CallbackTask } from './callback-task';
import { Notice, NoticeCall, NoticeSubscription } from './notice';
import { WebAppeal, AppealPhoto, PublicFormNonce } from './public-site';
import { ServerSecret } from './server-secret';
import { LoginThrottle } from './login-throttle';
import { IdempotencyKey } from './idempotency-key';

export { Organization, Category, Applicant, User, Session, Appeal, AppealEvent, AuditLog, Call, CallAppeal, AppealCounter, Outage, Open311Client, Street, Camera, CctvIncident, OrganizationApiKey, WebhookDelivery, JobLease, DeadlineNotice, CallbackTask, Report, Verification, WebAppeal, AppealPhoto, PublicFormNonce, ServerSecret, LoginThrottle, IdempotencyKey, Notice, NoticeCall, NoticeSubscription };
export * from './category';
export * from './user';
export * from './appeal';
export * from './call';
export * from './outage';
export * from './camera';
export * from './report';
export * from './callback-task';
export * from './deadline-notice';
export * from './verification';
export * from './notice';
export * from './public-site';

const all = [Organization, Category, Applicant, User, Session, Appeal, AppealEvent, AuditLog, Call, CallAppeal, AppealCounter, Outage, Open311Client, Street, Camera, CctvIncident, OrganizationApiKey, WebhookDelivery, JobLease, DeadlineNotice, CallbackTask, Report, Verification, WebAppeal, AppealPhoto, PublicFormNonce, ServerSecret, LoginThrottle, IdempotencyKey, Notice, NoticeCall, NoticeSubscription];

/** Binds every model to a connection and declares how they relate. Call once per Sequelize instance. */
export function initModels(sequelize: Sequelize): void {
  for (const model of all) model.initModel(sequelize);
  Category.belongsTo(Organization, { as: 'defaultExecutor', foreignKey: 'defaultExecutorId' });
  User.belongsTo(Organization, { as: 'organization', foreignKey: 'organizationId' });
  Session.belongsTo(User, { as: 'user', foreignKey: 'userId' });
  Appeal.belongsTo(Applicant, { as: 'applicant', foreignKey: 'applicantId' });
  Appeal.belongsTo(Category, { as: 'category', foreignKey: 'categoryId' });
  Appeal.belongsTo(Organization, { as: 'executor', foreignKey: 'executorId' });
  Appeal.hasMany(AppealEvent, { as: 'events', foreignKey: 'appealId' });
  Appeal.belongsToMany(Call, { through: CallAppeal, as: 'calls', foreignKey: 'appealId', otherKey: 'callId' });
  Outage.belongsTo(Organization, { as: 'executor', foreignKey: 'executorId' });
  CctvIncident.belongsTo(Camera, { as: 'camera', foreignKey: 'cameraId' });
  Verification.belongsTo(Appeal, { as: 'appeal', foreignKey: 'appealId' });
  AppealPhoto.belongsTo(Appeal, { as: 'appeal', foreignKey: 'appealId' });
  NoticeCall.belongsTo(Notice, { as: 'notice', foreignKey: 'noticeId' });
  NoticeSubscription.belongsTo(Street, { as: 'street', foreignKey: 'streetId' });
  Call.belongsToMany(Appeal, { through: CallAppeal, as: 'appeals', foreignKey: 'callId', otherKey: 'appealId' });
}
