import { useTranslation } from 'react-i18next';

const step = (value: string, by: number, min: number) => {
  const n = Number(value);
  const next = Math.max(min, (Number.isFinite(n) ? Math.round(n * 1000) : 0) + by * 1000) / 1000;
  return String(next);
};

/** − [quantity] +, big enough for a gloved thumb; typing works too (decimals for kilograms). */
export function QuantityStepper({ value, onChange, min }: { value: string; onChange: (value: string) => void; min: number }) {
  const { t } = useTranslation();
  return (
    <div className="fl-stepper" role="group" aria-labelledby="fl-stepper-label">
      <span id="fl-stepper-label" className="fl-stock__label">
        {t('stock.scan.quantity')}
      </span>
      <div className="fl-stepper__row">
        <button type="button" className="fl-stepper__btn" aria-label={t('stock.scan.less')} onClick={() => onChange(step(value, -1, min))}>
          −
        </button>
        <input
          className="fl-stepper__input"
          inputMode="decimal"
          aria-label={t('stock.scan.quantity')}
          value={value}
          onChange={(e) => onChange(e.target.value.replace(',', '.'))}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="fl-stepper__btn" aria-label={t('stock.scan.more')} onClick={() => onChange(step(value, 1, min))}>
          +
        </button>
      </div>
    </div>
  );
}
