// The application form: save a draft step by step, live eligibility and fee, pay and submit — API and the applicant's
// step pages. Thin: parse the form, call the service (which asks the policies), render the step again or move on.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireUser, sendPage, type App } from '../../../kernel/http.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { SafeHtml } from '../../../kernel/html.ts';
import { translator, type Locale, type T } from '../../../kernel/i18n.ts';
import { alert, fieldId, localePath } from '../../../kernel/ui.ts';
import { zodFieldErrors, type FieldError } from '../../../kernel/validation.ts';
import { parseMrz } from '../domain/mrz.ts';
import { isProgrammeCode } from '../domain/programmes.ts';
import {
  declarationsSchema,
  eligibilityFacts,
  historySchema,
  identitySchema,
  photoSchema,
  sniffImage,
} from '../personal.ts';
import type { TravellersService } from '../service.ts';
import { isStep, STEPS, stepBody, type Step, type StepValues } from '../views/drafts.ts';
import { hide, idParams, L, ownApplication, type OwnApplication } from './common.ts';
import { asArray, checked, filledRows, formBody, nestForm, rowValues, text, type FormTree } from './forms.ts';
import { appOut, applicationOut, draftBody, eligibilityOut, tags } from './schemas.ts';

const stepParams = z.object({ step: z.string() });
const today = () => new Date().toISOString().slice(0, 10);

export function draftRoutes(app: App, svc: TravellersService) {
  // ---------- API ----------
  app.put(
    '/api/v1/applications/:id/draft',
    {
      schema: {
        tags,
        summary: 'Save part of a draft (optimistic concurrency with version)',
        params: idParams,
        body: draftBody,
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const { programmes, version, ...patch } = req.body;
      await svc.saveDraft(u, req.params.id, patch, { programmes, expectedVersion: version });
      return applicationOut(svc, u, req.params.id);
    },
  );
  app.get(
    '/api/v1/applications/:id/eligibility',
    {
      schema: {
        tags,
        summary: 'Live eligibility, explained, and the fee',
        params: idParams,
        response: { 200: eligibilityOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const v = await svc.getForViewer(u, req.params.id, 'own application');
      const held = await svc.heldMemberships(v.app.userId);
      return {
        eligibility: svc.eligibilityFor(v.app, v.draft, new Date(), held),
        fee: svc.feeFor(v.app, v.draft, new Date(), held),
        problems: svc.validateForSubmission(v.app, v.draft, new Date(), held).problems,
      };
    },
  );
  app.post(
    '/api/v1/applications/:id/submit',
    {
      schema: {
        tags,
        summary: 'Pay and submit (idempotent: a repeat returns the same result)',
        params: idParams,
        response: { 200: appOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.submit(u, req.params.id);
      return applicationOut(svc, u, req.params.id);
    },
  );

  // ---------- pages ----------
  /** Renders a step with what the service computes for it (eligibility, or the review's problems and fee). */
  function renderStep(
    req: FastifyRequest,
    reply: FastifyReply,
    tt: T,
    v: OwnApplication,
    step: Step,
    values: StepValues,
    errors: FieldError[],
    extra?: SafeHtml,
  ) {
    const facts = {
      eligibility: step === 'eligibility' ? svc.eligibilityFor(v.app, v.draft) : null,
      fee: step === 'review' ? svc.feeFor(v.app, v.draft) : null,
      problems: step === 'review' ? svc.validateForSubmission(v.app, v.draft).problems : [],
      paymentProvider: svc.payments.name,
    };
    return sendPage(reply, req, {
      title: tt('travellers.step.' + step),
      errors,
      body: stepBody(req, tt, v.app, v.draft, step, values, errors, facts, extra),
    });
  }

  app.get(`${L}/applications/:id/edit/:step`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    const { step } = stepParams.parse(req.params);
    if (!isStep(step)) throw new AppError(404, 'errors.not_found');
    if (v.app.submittedAt) return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
    const tt = translator(req.locale);
    const values: StepValues =
      step === 'eligibility'
        ? { ...(v.draft.facts ?? {}) }
        : step === 'identity'
          ? { ...(v.draft.identity ?? {}) }
          : step === 'history'
            ? { ...(v.draft.history ?? {}) }
            : step === 'declarations'
              ? { ...(v.draft.declarations ?? {}) }
              : {};
    return renderStep(req, reply, tt, v, step, values, []);
  });

  app.post(`${L}/applications/:id/edit/:step`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    const tt = translator(req.locale);
    const { step } = stepParams.parse(req.params);
    if (!isStep(step) || step === 'review') throw new AppError(404, 'errors.not_found');
    const body = formBody.parse(req.body ?? {});
    const next = STEPS[STEPS.indexOf(step) + 1];
    const go = () => reply.redirect(localePath(req.locale, `/applications/${v.app.id}/edit/${next}`), 303);
    const again = (values: StepValues, errors: FieldError[], extra?: SafeHtml) =>
      renderStep(req, reply, tt, v, step, values, errors, extra);

    if (step === 'photo') {
      const file = body.photo;
      const buf = Buffer.isBuffer(file) ? file : null;
      const type = buf ? sniffImage(buf) : null;
      if (!buf || !buf.length) {
        if (v.draft.photo) return go();
        return again({}, [{ path: 'photo', message: tt('travellers.err.photo_required') }]);
      }
      const parsed = photoSchema.safeParse({ mediaType: type ?? 'image/jpeg', base64: buf.toString('base64') });
      if (!type || !parsed.success) return again({}, [{ path: 'photo', message: tt('travellers.err.photo_type') }]);
      await svc.saveDraft(v.u, v.app.id, { photo: parsed.data });
      return go();
    }
    const form = nestForm(body);
    if (step === 'eligibility') {
      const programmes = asArray(body.programmes).filter(isProgrammeCode);
      const fastRegion = form.fastRegion === 'north' || form.fastRegion === 'south' ? form.fastRegion : null;
      const citizenships = asArray(form.citizenships).filter(Boolean);
      const commercialDriver = checked(form.commercialDriver);
      const guardianConsent = checked(form.guardianConsent);
      const parsed = eligibilityFacts.safeParse({
        ...form,
        citizenships,
        commercialDriver,
        guardianConsent,
        programmes,
        fastRegion: fastRegion ?? undefined,
      });
      const values: StepValues = {
        ...eligibilityText(form),
        citizenships,
        commercialDriver,
        guardianConsent,
        programmes,
      };
      const errors = parsed.success
        ? []
        : zodFieldErrors(tt, parsed.error).map((e) => ({
            ...e,
            path: e.path.replace(/^citizenships$/, 'citizenships.0'),
          }));
      if (!programmes.length) errors.push({ path: 'programmes', message: tt('travellers.err.choose_programme') });
      if (programmes.includes('FAST') && !fastRegion)
        errors.push({ path: 'fastRegion', message: tt('travellers.err.fast_region') });
      if (!parsed.success || errors.length) return again(values, errors);
      await svc.saveDraft(v.u, v.app.id, { facts: parsed.data }, { programmes, fastRegion });
      // Stay on the step once so the person sees the eligibility explanation before moving on.
      return reply.redirect(localePath(req.locale, `/applications/${v.app.id}/edit/eligibility?saved=1`), 303);
    }
    if (step === 'identity') {
      let values = identityText(form);
      if (body.action === 'mrz') {
        const m = parseMrz(String(form.mrz ?? ''), { today: today() });
        const errors = m.errors.map((e) => ({ path: 'mrz', message: tt(e.key, e.args) }));
        if (m.fields.surname)
          values = {
            ...values,
            surname: m.fields.surname,
            givenNames: m.fields.givenNames ?? '',
            sex: m.fields.sex ?? '',
            passportNumber: m.fields.documentNumber ?? '',
            passportCountry: m.fields.issuingCountry?.alpha2 ?? '',
            passportExpiry: m.fields.expiryDate ?? '',
            birthCountry: values.birthCountry || m.fields.nationality?.alpha2 || '',
          };
        const note = m.ok ? alert('success', tt('travellers.f.mrz_ok')) : undefined;
        return again(values, errors, note);
      }
      const parsed = identitySchema.safeParse(form);
      if (!parsed.success) return again(values, zodFieldErrors(tt, parsed.error));
      if (parsed.data.mrz.trim()) {
        const m = parseMrz(parsed.data.mrz, { today: today() });
        if (!m.ok)
          return again(
            values,
            m.errors.map((e) => ({ path: 'mrz', message: tt(e.key, e.args) })),
          );
      }
      await svc.saveDraft(v.u, v.app.id, { identity: parsed.data });
      return go();
    }
    if (step === 'history') {
      const rows = {
        addresses: filledRows(form.addresses),
        employment: filledRows(form.employment),
        travel: filledRows(form.travel),
      };
      const values = {
        addresses: rows.addresses.map(rowValues),
        employment: rows.employment.map(rowValues),
        travel: rows.travel.map(rowValues),
      };
      if (body.action === 'more')
        return again(
          {
            addresses: [...values.addresses, {}, {}],
            employment: [...values.employment, {}],
            travel: [...values.travel, {}, {}],
          },
          [],
        );
      const parsed = historySchema.safeParse(rows);
      if (!parsed.success) return again(values, zodFieldErrors(tt, parsed.error));
      await svc.saveDraft(v.u, v.app.id, { history: parsed.data });
      return go();
    }
    const yes = (v: unknown) => (v === undefined ? undefined : v === 'yes');
    const values = {
      criminalConviction: yes(form.criminalConviction),
      customsViolation: yes(form.customsViolation),
      immigrationViolation: yes(form.immigrationViolation),
      explanation: text(form.explanation) ?? '',
      truthful: checked(form.truthful),
    };
    const parsed = declarationsSchema.safeParse(values);
    if (!parsed.success) return again(values, zodFieldErrors(tt, parsed.error));
    await svc.saveDraft(v.u, v.app.id, { declarations: parsed.data });
    return go();
  });

  app.post(`${L}/applications/:id/submit`, hide, async (req, reply) => {
    const v = await ownApplication(svc, req, reply);
    if (!v) return reply;
    const tt = translator(req.locale);
    try {
      await svc.submit(v.u, v.app.id);
    } catch (e) {
      if (e instanceof AppError && e.fields)
        return renderStep(
          req,
          reply,
          tt,
          v,
          'review',
          {},
          Object.entries(e.fields).map(([p, f]) => ({
            path: p,
            message: tt(f.key, f.args),
            href: stepLink(req.locale, v.app.id, p),
          })),
        );
      throw e;
    }
    return reply.redirect(localePath(req.locale, `/applications/${v.app.id}`), 303);
  });
}

/** A submission problem's place: the wizard's step that holds its section (`history.addresses`: the history step). */
const SECTION_STEP: Record<string, (typeof STEPS)[number]> = {
  facts: 'eligibility',
  programmes: 'eligibility',
  identity: 'identity',
  history: 'history',
  declarations: 'declarations',
  photo: 'photo',
};
function stepLink(locale: Locale, id: string, path: string): string | undefined {
  const [section, field] = path.split('.');
  const step = SECTION_STEP[section ?? ''];
  if (!step) return undefined;
  return localePath(locale, `/applications/${id}/edit/${step}`) + '#' + (field ? fieldId(field) : 'main-content');
}

/** The eligibility step's text fields as sent, to show them again. */
const eligibilityText = (form: FormTree): StepValues => ({
  fastRegion: text(form.fastRegion),
  residenceCountry: text(form.residenceCountry),
  residenceStatus: text(form.residenceStatus),
  birthDate: text(form.birthDate),
  guardianName: text(form.guardianName),
});
/** The identity step's fields as sent, to show them again. */
const identityText = (form: FormTree): StepValues => ({
  mrz: text(form.mrz),
  surname: text(form.surname),
  givenNames: text(form.givenNames),
  sex: text(form.sex),
  birthCountry: text(form.birthCountry),
  passportNumber: text(form.passportNumber),
  passportCountry: text(form.passportCountry),
  passportExpiry: text(form.passportExpiry),
});
