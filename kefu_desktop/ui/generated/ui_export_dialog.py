# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'export_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QRadioButton, QSizePolicy, QSpacerItem, QVBoxLayout

class Ui_ExportDialog(object):
    def setupUi(self, ExportDialog):
        if not ExportDialog.objectName():
            ExportDialog.setObjectName(u"ExportDialog")
        ExportDialog.resize(560, 330)
        self.mainLayout = QVBoxLayout(ExportDialog)
        self.mainLayout.setSpacing(10)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(ExportDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.periodLayout = QGridLayout()
        self.periodLayout.setObjectName(u"periodLayout")
        self.periodLayout.setHorizontalSpacing(8)
        self.monthRadio = QRadioButton(ExportDialog)
        self.monthRadio.setObjectName(u"monthRadio")
        self.monthRadio.setChecked(True)

        self.periodLayout.addWidget(self.monthRadio, 0, 0, 1, 1)

        self.monthCombo = QComboBox(ExportDialog)
        self.monthCombo.setObjectName(u"monthCombo")
        self.monthCombo.setMinimumWidth(160)

        self.periodLayout.addWidget(self.monthCombo, 0, 1, 1, 3)

        self.rangeRadio = QRadioButton(ExportDialog)
        self.rangeRadio.setObjectName(u"rangeRadio")

        self.periodLayout.addWidget(self.rangeRadio, 1, 0, 1, 1)

        self.fromDate = QDateEdit(ExportDialog)
        self.fromDate.setObjectName(u"fromDate")
        self.fromDate.setCalendarPopup(True)

        self.periodLayout.addWidget(self.fromDate, 1, 1, 1, 1)

        self.toLabel = QLabel(ExportDialog)
        self.toLabel.setObjectName(u"toLabel")

        self.periodLayout.addWidget(self.toLabel, 1, 2, 1, 1)

        self.toDate = QDateEdit(ExportDialog)
        self.toDate.setObjectName(u"toDate")
        self.toDate.setCalendarPopup(True)

        self.periodLayout.addWidget(self.toDate, 1, 3, 1, 1)

        self.targetLabel = QLabel(ExportDialog)
        self.targetLabel.setObjectName(u"targetLabel")

        self.periodLayout.addWidget(self.targetLabel, 2, 0, 1, 1)

        self.targetEdit = QLineEdit(ExportDialog)
        self.targetEdit.setObjectName(u"targetEdit")

        self.periodLayout.addWidget(self.targetEdit, 2, 1, 1, 3)

        self.browseButton = QPushButton(ExportDialog)
        self.browseButton.setObjectName(u"browseButton")

        self.periodLayout.addWidget(self.browseButton, 2, 4, 1, 1)


        self.mainLayout.addLayout(self.periodLayout)

        self.progressBar = QProgressBar(ExportDialog)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setValue(0)
        self.progressBar.setTextVisible(True)

        self.mainLayout.addWidget(self.progressBar)

        self.statusLabel = QLabel(ExportDialog)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)
        self.statusLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.mainLayout.addWidget(self.statusLabel)

        self.verticalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.showButton = QPushButton(ExportDialog)
        self.showButton.setObjectName(u"showButton")

        self.buttonLayout.addWidget(self.showButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.exportButton = QPushButton(ExportDialog)
        self.exportButton.setObjectName(u"exportButton")

        self.buttonLayout.addWidget(self.exportButton)

        self.cancelButton = QPushButton(ExportDialog)
        self.cancelButton.setObjectName(u"cancelButton")

        self.buttonLayout.addWidget(self.cancelButton)

        self.closeButton = QPushButton(ExportDialog)
        self.closeButton.setObjectName(u"closeButton")

        self.buttonLayout.addWidget(self.closeButton)


        self.mainLayout.addLayout(self.buttonLayout)

#if QT_CONFIG(shortcut)
        self.targetLabel.setBuddy(self.targetEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ExportDialog)

        self.exportButton.setDefault(True)


        QMetaObject.connectSlotsByName(ExportDialog)
    # setupUi

    def retranslateUi(self, ExportDialog):
        ExportDialog.setWindowTitle(QCoreApplication.translate("ExportDialog", u"\u5bfc\u51fa\u6708\u5ea6\u62a5\u8868", None))
        self.introLabel.setText(QCoreApplication.translate("ExportDialog", u"\u628a\u6240\u9009\u6708\u4efd\uff08\u6216\u65e5\u671f\u8303\u56f4\uff09\u7684\u552e\u540e\u5355\u5bfc\u51fa\u4e3a Excel\uff1a\u6c47\u603b\u3001\u5404\u767b\u8bb0\u8868\u3001\u5ba2\u670d\u8003\u6838\u3001\u751f\u4ea7\u53cd\u9988\u548c\u660e\u7ec6\u3002", None))
        self.monthRadio.setText(QCoreApplication.translate("ExportDialog", u"\u6309\u6708\u4efd", None))
        self.rangeRadio.setText(QCoreApplication.translate("ExportDialog", u"\u6309\u65e5\u671f\u8303\u56f4", None))
        self.fromDate.setDisplayFormat(QCoreApplication.translate("ExportDialog", u"yyyy-MM-dd", None))
        self.toLabel.setText(QCoreApplication.translate("ExportDialog", u"\u81f3", None))
        self.toDate.setDisplayFormat(QCoreApplication.translate("ExportDialog", u"yyyy-MM-dd", None))
        self.targetLabel.setText(QCoreApplication.translate("ExportDialog", u"\u4fdd\u5b58\u5230", None))
        self.browseButton.setText(QCoreApplication.translate("ExportDialog", u"\u6d4f\u89c8\u2026", None))
        self.showButton.setText(QCoreApplication.translate("ExportDialog", u"\u5728\u6587\u4ef6\u5939\u4e2d\u663e\u793a", None))
        self.exportButton.setText(QCoreApplication.translate("ExportDialog", u"\u5bfc\u51fa", None))
        self.cancelButton.setText(QCoreApplication.translate("ExportDialog", u"\u53d6\u6d88\u5bfc\u51fa", None))
        self.closeButton.setText(QCoreApplication.translate("ExportDialog", u"\u5173\u95ed", None))
    # retranslateUi
