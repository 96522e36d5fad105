/**
 * Feedback about the dossier (phản ánh, kiến nghị) on the dossier page: the applicant's messages with
 * the agency's answers; a link for the applicant to send one; for an officer of the receiving agency,
 * an answer form under each message still open (posted to the feedback page, which works without JS).
 */
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../labels";
import type { DossierPageModel } from "../../services/dossier-page.server";

type Feedback = SerializeFrom<DossierPageModel>["feedback"];

export function FeedbackPanel({ code, feedback }: { code: string; feedback: Feedback }) {
  const { t } = useTranslation("dossier");
  if (!feedback.mayGive && !feedback.mayAnswer && feedback.items.length === 0) return null;
  const path = `/ho-so/${encodeURIComponent(code)}/phan-anh`;
  return (
    <section className="card" aria-labelledby="feedback-title" data-testid="feedback">
      <h2 id="feedback-title">{feedback.mayAnswer ? t("feedback.officerTitle") : t("feedback.title")}</h2>
      {feedback.items.length === 0 ? <p>{t("feedback.none")}</p> : null}
      {feedback.items.map((f) => (
        <article key={f.id} className="feedback-item" aria-labelledby={`feedback-${f.id}`} data-testid="feedback-item">
          <h3 id={`feedback-${f.id}`}>{f.subject}</h3>
          <p className="hint">{t("feedback.sentAt", { at: formatDateTime(f.createdAt) })}</p>
          <p style={{ whiteSpace: "pre-line" }}>{f.content}</p>
          {f.answer ? (
            <div className="feedback-answer" data-testid="feedback-answer">
              <h4>{t("feedback.answer")}</h4>
              <p style={{ whiteSpace: "pre-line" }}>{f.answer}</p>
              <p className="hint">{t("feedback.answeredBy", { by: f.answeredBy ?? "—", at: formatDateTime(f.answeredAt) })}</p>
            </div>
          ) : feedback.mayAnswer ? (
            <Form method="post" action={path}>
              <input type="hidden" name="intent" value="answer" />
              <input type="hidden" name="feedbackId" value={f.id} />
              <label htmlFor={`answer-${f.id}`} className="required">
                {t("feedback.answerLabel")}
              </label>
              <textarea id={`answer-${f.id}`} name="answer" required maxLength={4000} />
              <p>
                <button type="submit" className="primary">
                  {t("feedback.answerSubmit")}
                </button>
              </p>
            </Form>
          ) : (
            <p className="hint">{t("feedback.waiting")}</p>
          )}
        </article>
      ))}
      {feedback.mayGive ? (
        <p>
          <Link className="button" to={path} data-testid="feedback-new">
            {t("feedback.new")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

type Rating = SerializeFrom<DossierPageModel>["rating"];

/** After the return: the invitation to rate, or the applicant's own rating. */
export function RatingPanel({ code, rating }: { code: string; rating: Rating }) {
  const { t } = useTranslation("dossier");
  if (!rating.mayRate && !rating.given) return null;
  return (
    <section className="card" aria-labelledby="rating-title" data-testid="rating">
      <h2 id="rating-title">{t("rating.title")}</h2>
      {rating.given ? (
        <p data-testid="rating-given">
          {t("rating.yours", { score: t(`rating.scores.${rating.given.score as 1 | 2 | 3 | 4 | 5}`) })} ({t("rating.at", { at: formatDateTime(rating.given.createdAt) })})
          {rating.given.comment ? (
            <>
              <br />“{rating.given.comment}”
            </>
          ) : null}
        </p>
      ) : (
        <>
          <p>{t("rating.lead")}</p>
          <p>
            <Link className="button primary" to={`/ho-so/${encodeURIComponent(code)}/danh-gia`} data-testid="rating-link">
              {t("rating.invite")}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
